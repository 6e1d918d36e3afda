using GoLive.Core.Audit;
using GoLive.Core.Checklist;
using GoLive.Core.Identity;

namespace GoLive.DemoBank;

/// <summary>
/// Demo convenience (Admin, demo mode only): signs every open checklist item of a deployment as the
/// demo approver who holds its capacity, so a newcomer can walk a whole deployment in minutes. Each
/// signature is a real sign-off by that approver (all rules apply, four-eyes included), audited as
/// made through this action.
/// </summary>
public sealed class DemoSignOffService(ChecklistService checklist, UserStore users, CommandGuard guard, AuditTrail audit)
{
    public const string Via = "demo-sign-rest";

    public async Task<int> SignRestAsync(Actor admin, Guid deploymentId, CancellationToken ct = default)
    {
        await guard.AuthorizeOrAuditDenialAsync(admin, Commands.DemoSignRest, deploymentId.ToString(), deploymentId: deploymentId, ct: ct);
        var view = await checklist.GetAsync(deploymentId, ct);
        var approvers = IdentitySeeder.DemoUsers.Where(u => u.Capacity is not null).ToDictionary(u => u.Capacity!, u => u.UserName);
        var signed = 0;
        foreach (var item in view.Items.Where(i => !i.IsSigned))
        {
            if (!approvers.TryGetValue(item.Capacity, out var userName) || await users.GetActorAsync(userName, Via, ct) is not { } approver)
            {
                continue;
            }
            await checklist.SignAsync(approver, deploymentId, item.Id,
                $"Signed by the demo approver {userName} through the demo action of {admin.UserName} (demo only).", null, ct);
            signed++;
        }
        await audit.RecordAsync(new AuditRecord(admin, Commands.DemoSignRest, deploymentId.ToString(), Reason: $"{signed} item(s) signed by demo approvers", DeploymentId: deploymentId), ct);
        return signed;
    }
}
