using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GoLive.Core.Audit;
using GoLive.Core.Checklist;
using GoLive.Core.Identity;
using GoLive.Dashboard.Tests.Deployments;
using GoLive.Dashboard.Tests.Infrastructure;
using Xunit.Abstractions;
using static GoLive.Dashboard.Tests.Checklist.ChecklistApi;

namespace GoLive.Dashboard.Tests.Checklist;

public class ChecklistConcurrencyApiTests(DeploymentAppFixture fixture, ITestOutputHelper output) : IClassFixture<DeploymentAppFixture>
{
    private const int Calls = 50;
    private readonly ControlRoomApp _app = fixture.Host;

    /// <summary>
    /// 50 approvers, each their own user, sign at the same moment. The checklist has 32 items, so 32
    /// calls sign 32 different items and the other 18 race a second approver onto an item already
    /// targeted: exactly one sign-off per item must win, the rest answer 409, and nothing is lost.
    /// </summary>
    [Fact]
    public async Task FiftyConcurrentSignOffs_ByDifferentApprovers_AllStoredOncePerItem_NoneLost_AuditChainIntact()
    {
        var items = ChecklistTemplate.Default;
        using var operatorClient = await _app.SignedInClientAsync("operator");
        var id = (await new DeploymentClient(operatorClient).StartAsync("3.0")).GetProperty("id").GetString()!;
        var clients = new List<(HttpClient Client, string User, ChecklistTemplateItem Item)>();
        for (var i = 0; i < Calls; i++)
        {
            var item = items[i % items.Count];
            var user = $"approver{i:00}";
            await CreateUserAsync(_app, user, [Roles.Approver], [item.Capacity]);
            clients.Add((await _app.SignedInClientAsync(user, Password), user, item));
        }

        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = clients.Select(async c =>
        {
            await go.Task;
            using var response = await SignAsync(c.Client, c.Item.Key, id, $"signed concurrently by {c.User}");
            return (c.User, c.Item.Key, response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }).ToList();
        go.SetResult();
        var results = await Task.WhenAll(calls);

        foreach (var group in results.GroupBy(r => r.StatusCode))
        {
            output.WriteLine($"{(int)group.Key}: {group.Count()}");
        }
        Assert.All(results, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, $"{r.User} on {r.Key}: {(int)r.StatusCode} {r.Body}"));
        Assert.Equal(items.Count, results.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(Calls - items.Count, results.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        Assert.All(results.Where(r => r.StatusCode == HttpStatusCode.Conflict), r => Assert.Contains("already signed", r.Body));

        var checklist = await GetAsync(operatorClient, id);
        Assert.Equal(checklist.GetProperty("required").GetInt32(), checklist.GetProperty("signed").GetInt32());
        foreach (var item in items)
        {
            var stored = Item(checklist, item.Key);
            var winner = results.Single(r => r.Key == item.Key && r.StatusCode == HttpStatusCode.OK).User;
            Assert.Equal(winner, stored.GetProperty("signedBy").GetString());
            Assert.Single(stored.GetProperty("history").EnumerateArray());
        }

        var audit = await _app.Service<AuditTrail>().QueryAsync(new AuditQuery(Guid.Parse(id), Action: Commands.SignOff, PageSize: AuditQuery.MaxPageSize));
        Assert.Equal(items.Count, audit.Items.Count(e => e.Outcome == AuditOutcome.Ok));
        Assert.Equal(Calls - items.Count, audit.Items.Count(e => e.Outcome == AuditOutcome.Denied));
        var verify = await operatorClient.GetFromJsonAsync<JsonElement>("/api/audit/verify");
        Assert.True(verify.GetProperty("intact").GetBoolean(), verify.ToString());

        foreach (var (client, _, _) in clients)
        {
            client.Dispose();
        }
    }
}
