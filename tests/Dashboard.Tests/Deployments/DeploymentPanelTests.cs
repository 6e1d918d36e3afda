using GoLive.Core.Fleet;
using Bunit;
using GoLive.Core.Audit;
using GoLive.Core.Checklist;
using GoLive.Core.Checklist.PreDeployment;
using GoLive.Core.Configuration;
using GoLive.Core.Deployments;
using GoLive.Core.Identity;
using GoLive.Core.Live;
using GoLive.Core.Storage;
using GoLive.Core.Traffic;
using GoLive.Dashboard.Components.Deployments;
using Microsoft.AspNetCore.Components;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MudBlazor.Services;

namespace GoLive.Dashboard.Tests.Deployments;

/// <summary>
/// The deployment panel over a real (temporary) database and deployment service, with the go-live gate's
/// answer scripted: Advance is disabled with the missing list while the gate holds, and opens live on a sign-off;
/// phase 1's check results are drawn under phase 1 as they arrive.
/// </summary>
public sealed class DeploymentPanelTests : BunitContext, IAsyncLifetime
{
    private static readonly int[] Steps = [1, 10, 50, 100];
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "golive-tests", Guid.NewGuid().ToString("N"));
    private readonly ScriptedGate _gate = new();
    private readonly LiveFeed _feed = new(NullLogger<LiveFeed>.Instance);
    private readonly Actor _operator = new("operator", [Roles.Operator], []);

    public DeploymentPanelTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        var options = new ControlRoomOptions();
        options.Database.Path = Path.Combine(_folder, "controlroom.db");
        Services.AddSingleton(options);
        Services.AddSingleton(TimeProvider.System);
        Services.AddSingleton(_feed);
        Services.AddSingleton<SqliteDatabase>();
        Services.AddSingleton<AuditTrail>();
        Services.AddSingleton<CommandGuard>();
        Services.AddSingleton<ZoneTelemetry>();
        Services.AddSingleton<ITrafficRouter, IdleRouter>();
        Services.AddSingleton<TrafficMonitor>();
        Services.AddSingleton<TrafficControl>();
        Services.AddSingleton<DeploymentStore>();
        Services.AddSingleton<IFleet>(new GoLive.Core.Fleet.ConfiguredFleet(options));
        Services.AddSingleton<NodeProbe>();
        Services.AddSingleton<GoLive.Core.Inventory.NodeVersionReader>();
        Services.AddSingleton<GoLive.Core.Inventory.ColorInventoryStore>();
        Services.AddSingleton<GoLive.Core.Inventory.InventoryMonitor>();
        Services.AddSingleton<PhaseOneWaits>();
        Services.AddSingleton<DeploymentService>();
        Services.AddSingleton<IGoLiveGate>(_gate);
        Services.AddSingleton<PreDeploymentResultStore>();
        SetRendererInfo(new RendererInfo("Server", true));
    }

    [Fact]
    public async Task AtTheGateIntoTrafficMigration_RequiredSignOffMissing_AdvanceDisabledWithTheList_OpensLiveWhenSigned()
    {
        var d = await InsertAsync(PhaseName.ValidateTarget);
        _gate.Missing = ["CTO approval obtained (CTO)", "Risk committee approval (RiskCommittee)"];

        var cut = Render<DeploymentPanel>(p => p.Add(c => c.Actor, _operator));

        Assert.True(cut.Find("button[data-testid=advance]").HasAttribute("disabled"));
        Assert.Equal(_gate.Missing, cut.FindAll("[data-testid=gate-missing] li").Select(li => li.TextContent.Trim()));
        Assert.Contains("2 required sign-off(s) missing", cut.Find("[data-testid=gate-closed]").TextContent);
        Assert.Equal($"checklist?deploymentId={d.Id}", cut.Find("[data-testid=gate-checklist-link]").GetAttribute("href"));

        _gate.Missing = [];
        _feed.Publish(new SignOffChanged(d.Id, "final.cto-approval", true, "cto", DateTimeOffset.UtcNow, 31, 31,
            ChecklistSections.FinalApprovals, "CTO approval obtained", true, null));

        cut.WaitForAssertion(() => Assert.False(cut.Find("button[data-testid=advance]").HasAttribute("disabled")));
        Assert.Empty(cut.FindAll("[data-testid=gate-closed]"));
    }

    [Fact]
    public async Task AtAnEarlierGate_RequiredSignOffMissing_AdvanceStaysEnabled()
    {
        await InsertAsync(PhaseName.PreDeploymentValidation);
        _gate.Missing = ["CTO approval obtained (CTO)"];

        var cut = Render<DeploymentPanel>(p => p.Add(c => c.Actor, _operator));

        Assert.False(cut.Find("button[data-testid=advance]").HasAttribute("disabled"));
        Assert.Empty(cut.FindAll("[data-testid=gate-closed]"));
    }

    [Fact]
    public async Task PreDeploymentProgress_OfTheShownDeployment_DrawsEveryCheckUnderPhaseOne_WithObservedVersusThreshold()
    {
        var d = await InsertAsync(PhaseName.PreDeploymentValidation);
        var cut = Render<DeploymentPanel>(p => p.Add(c => c.Actor, _operator));
        Assert.Empty(cut.FindAll("[data-testid=predeployment-checks]"));

        _feed.Publish(new PreDeploymentProgress(Guid.NewGuid(), [Result("Other deployment's check", CheckKind.Http, true, true, "GET / → 200")], "1 of 1 checks passed"));
        _feed.Publish(new PreDeploymentProgress(d.Id,
        [
            Result("Load testing passed", CheckKind.Metric, true, true, "performance_score 97 ≥ 95 [synthetic]"),
            Result("Security scan clean", CheckKind.Metric, false, true, "critical_vulnerabilities 2, not = 0 [synthetic]"),
            Result("Green health", CheckKind.Http, false, false, "GET http://green/health → 503"),
            Result("UAT sign-off obtained", CheckKind.SignOff, true, true, "'UAT sign-off obtained from all stakeholders' signed by business"),
        ], "2 of 4 checks passed"));

        cut.WaitForAssertion(() => Assert.Equal(4, cut.FindAll("[data-testid=predeployment-check]").Count));
        var phaseOne = cut.Find("[data-testid=phase-PreDeploymentValidation]");
        var rows = phaseOne.QuerySelectorAll("[data-testid=predeployment-check]")
            .Select(tr => string.Join(" | ", tr.QuerySelectorAll("td").Select(td => td.TextContent.Trim()))).ToList();
        Assert.Equal(
        [
            "Load testing passed | metric | required | passed | performance_score 97 ≥ 95 [synthetic]",
            "Security scan clean | metric | required | failed | critical_vulnerabilities 2, not = 0 [synthetic]",
            "Green health | http | optional | warning | GET http://green/health → 503",
            "UAT sign-off obtained | sign-off | required | passed | 'UAT sign-off obtained from all stakeholders' signed by business",
        ], rows);
        Assert.Empty(cut.Find("[data-testid=phase-DeployToTarget]").QuerySelectorAll("[data-testid=predeployment-checks]"));
    }

    [Fact]
    public async Task PreDeploymentProgress_Waiting_SaysWhatPhaseOneWaitsFor_RowsWaitingNotFailed()
    {
        var d = await InsertAsync(PhaseName.PreDeploymentValidation);
        var cut = Render<DeploymentPanel>(p => p.Add(c => c.Actor, _operator));

        _feed.Publish(new PreDeploymentProgress(d.Id,
        [
            Result("Load testing passed", CheckKind.Metric, false, true, "performance_score unknown (from CI)") with { WaitingFor = "performance_score (from CI)" },
            Result("UAT sign-off obtained", CheckKind.SignOff, false, true, "'UAT sign-off obtained from all stakeholders' not signed")
                with { WaitingFor = "UAT sign-off obtained (BusinessStakeholder)" },
        ], "waiting"));

        cut.WaitForAssertion(() => Assert.Equal("waiting for: performance_score (from CI), UAT sign-off obtained (BusinessStakeholder)",
            cut.Find("[data-testid=phase-PreDeploymentValidation] [data-testid=phase1-waiting]").TextContent.Trim()));
        Assert.All(cut.FindAll("[data-testid=predeployment-check]"), row => Assert.Equal("Waiting", row.GetAttribute("data-outcome")));
    }

    [Fact]
    public async Task StoredPreDeploymentRun_OfTheCurrentDeployment_IsDrawnOnOpen_WithoutALiveEvent()
    {
        var d = await InsertAsync(PhaseName.DeployToTarget);
        await Services.GetRequiredService<PreDeploymentResultStore>().SaveAsync(d.Id,
            [Result("Load testing passed", CheckKind.Metric, true, true, "performance_score 97 ≥ 95 [synthetic]")]);

        var cut = Render<DeploymentPanel>(p => p.Add(c => c.Actor, _operator));

        var row = cut.Find("[data-testid=phase-PreDeploymentValidation] [data-testid=predeployment-check]");
        Assert.Equal("Passed", row.GetAttribute("data-outcome"));
        Assert.Contains("performance_score 97 ≥ 95 [synthetic]", row.TextContent);
    }

    private static PreDeploymentCheckResult Result(string name, CheckKind kind, bool passed, bool required, string observed) =>
        new(name, CheckCategory.Performance, kind, passed, required, observed, "message");

    /// <summary>A Manual deployment that finished <paramref name="phase"/> and waits at its gate, stored as the current one.</summary>
    private async Task<Deployment> InsertAsync(PhaseName phase)
    {
        var now = DateTimeOffset.UtcNow;
        var d = Deployment.Start("3.0", "operator", Steps, GateMode.Manual, now).Deployment!;
        while (true)
        {
            d = d.PhaseSucceeded(d.CurrentPhase, "ok", now).Deployment!;
            if (d.CurrentPhase == phase)
            {
                break;
            }
            d = d.Advance("operator", now).Deployment!;
        }
        Assert.True(d.AwaitingGate);
        await Services.GetRequiredService<SqliteDatabase>().WriteAsync((c, t) => DeploymentStore.InsertAsync(c, t, d));
        return d;
    }

    public async Task InitializeAsync() => await Services.GetRequiredService<SqliteDatabase>().MigrateAsync();

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private sealed class ScriptedGate : IGoLiveGate
    {
        public IReadOnlyList<string> Missing { get; set; } = [];

        public Task PrepareAsync(SqliteConnection connection, SqliteTransaction transaction, Guid deploymentId, CancellationToken ct) => Task.CompletedTask;

        public Task<IReadOnlyList<string>> MissingAsync(Guid deploymentId, CancellationToken ct) => Task.FromResult(Missing);
    }

    private sealed class IdleRouter : ITrafficRouter
    {
        public TrafficSplit Configured => new(0);
        public Uri? Address => null;
        public Task WhenListening => Task.CompletedTask;
        public void Apply(TrafficSplit split) { }
        public IReadOnlyList<NodeStatus> Nodes() => [];
    }
}
