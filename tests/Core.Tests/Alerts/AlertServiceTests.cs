using GoLive.Core.Alerts;
using GoLive.Core.Audit;
using GoLive.Core.Identity;
using GoLive.Core.Live;
using GoLive.Core.Tests.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace GoLive.Core.Tests.Alerts;

public sealed class AlertServiceTests : IAsyncLifetime
{
    private static readonly Actor Commander = new("commander", [Roles.IncidentCommander], []);
    private static readonly Actor Operator = new("operator", [Roles.Operator], []);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 5, 9, 0, 0, TimeSpan.Zero));
    private readonly LiveFeed _feed = new(NullLogger<LiveFeed>.Instance);
    private readonly List<ILiveEvent> _events = [];
    private TestDatabase _db = default!;
    private AuditTrail _audit = default!;
    private AlertService _alerts = default!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _audit = new AuditTrail(_db.Database, _time);
        _alerts = new AlertService(_db.Database, new AlertStore(_db.Database), _audit, new CommandGuard(_audit), _feed, _time);
        _feed.Subscribe(e => _events.Add(e));
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private static Anomaly Failure(AlertSeverity severity = AlertSeverity.High, string zone = "green") =>
        new(AnomalyTypes.SystemFailure, severity, zone, "", "Green error rate 6.0% vs blue 0.1%", "green 120 of 2000 failed", 10);

    [Fact]
    public async Task Record_SameTypeAndZone_CountsOnTheOpenAlert_AndEscalates()
    {
        var first = await _alerts.RecordAsync(Failure(), null);
        _time.Advance(TimeSpan.FromSeconds(1));
        var second = await _alerts.RecordAsync(Failure(), null);
        _time.Advance(TimeSpan.FromSeconds(1));
        var third = await _alerts.RecordAsync(Failure(AlertSeverity.Critical), null);
        var otherZone = await _alerts.RecordAsync(Failure(zone: "blue"), null);

        Assert.True(first.IsNew);
        Assert.False(second.IsNew);
        Assert.Equal(first.Alert.Id, third.Alert.Id);
        Assert.Equal(3, third.Alert.Count);
        Assert.True(third.Escalated);
        Assert.Equal(AlertSeverity.Critical, third.Alert.Severity);
        Assert.Equal(first.Alert.RaisedAt + TimeSpan.FromSeconds(2), third.Alert.LastSeen);
        Assert.NotEqual(first.Alert.Id, otherZone.Alert.Id);
        Assert.Equal(2, (await _alerts.ListAsync(activeOnly: true)).Count);
        Assert.Equal(2, _events.OfType<AlertRaised>().Count());
        Assert.Contains(_events.OfType<AlertUpdated>(), u => u.Change == "escalated to Critical");
    }

    [Fact]
    public async Task List_SeverityFilter_AppliedBeforeTheLimit_FindsAnOlderCriticalBehindAFullPageOfNewerOnes()
    {
        var critical = (await _alerts.RecordAsync(Failure(AlertSeverity.Critical), null)).Alert;
        for (var i = 0; i < 12; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            await _alerts.RecordAsync(new Anomaly(AnomalyTypes.BusinessKpiBreach, AlertSeverity.Medium, "business", $"kpi_{i}", $"KPI {i} red", "numbers", 10), null);
        }

        var page = await _alerts.ListAsync(limit: 10);
        var criticalOnly = await _alerts.ListAsync(severities: [AlertSeverity.Critical], limit: 10);
        var activeCriticalOrHigh = await _alerts.ListAsync(activeOnly: true, severities: [AlertSeverity.Critical, AlertSeverity.High], limit: 10);
        var mediumPage = await _alerts.ListAsync(severities: [AlertSeverity.Medium], limit: 5);

        Assert.Equal(10, page.Count);
        Assert.DoesNotContain(page, a => a.Id == critical.Id); // 12 newer alerts fill the page
        Assert.Equal(critical.Id, Assert.Single(criticalOnly).Id);
        Assert.Equal(critical.Id, Assert.Single(activeCriticalOrHigh).Id);
        Assert.Equal(5, mediumPage.Count);
        Assert.All(mediumPage, a => Assert.Equal(AlertSeverity.Medium, a.Severity));
        Assert.Equal(["kpi_11", "kpi_10", "kpi_9", "kpi_8", "kpi_7"], mediumPage.Select(a => a.Subject)); // the newest five
    }

    [Fact]
    public async Task Acknowledge_Commander_RecordedAndAudited_OperatorDeniedAndAudited()
    {
        var alert = (await _alerts.RecordAsync(Failure(), null)).Alert;

        await Assert.ThrowsAsync<CommandDeniedException>(() => _alerts.AcknowledgeAsync(Operator, alert.Id));
        var acknowledged = await _alerts.AcknowledgeAsync(Commander, alert.Id);
        var again = await _alerts.AcknowledgeAsync(Commander, alert.Id);

        Assert.Equal("commander", acknowledged.AcknowledgedBy);
        Assert.Equal(AlertStatus.Acknowledged, again.Status);
        var entries = (await _audit.QueryAsync(new AuditQuery(Action: Commands.AcknowledgeAlert))).Items;
        Assert.Contains(entries, e => e.Actor == "commander" && e.Outcome == AuditOutcome.Ok && e.Target == $"alert {alert.Id}");
        Assert.Contains(entries, e => e.Actor == "operator" && e.Outcome == AuditOutcome.Denied);
        Assert.Single(entries, e => e.Actor == "commander");
        Assert.Contains(_events.OfType<AlertUpdated>(), u => u.Change == "acknowledged by commander");
        await Assert.ThrowsAsync<AlertNotFoundException>(() => _alerts.AcknowledgeAsync(Commander, Guid.NewGuid()));
    }

    [Fact]
    public async Task ResolveCleared_OnlyAfterTheConditionWasClearForTheWindow()
    {
        var alert = (await _alerts.RecordAsync(Failure(), null)).Alert;
        var window = TimeSpan.FromSeconds(30);

        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Empty(await _alerts.ResolveClearedAsync(new HashSet<string>(), window));
        _time.Advance(TimeSpan.FromSeconds(25));
        Assert.Empty(await _alerts.ResolveClearedAsync(new HashSet<string> { AlertService.KeyOf(alert) }, window));
        var resolved = Assert.Single(await _alerts.ResolveClearedAsync(new HashSet<string>(), window));

        Assert.Equal(AlertStatus.Resolved, resolved.Status);
        Assert.Empty(await _alerts.ListAsync(activeOnly: true));
        var next = await _alerts.RecordAsync(Failure(), null);
        Assert.True(next.IsNew); // a recurrence after resolution is a new alert
    }
}
