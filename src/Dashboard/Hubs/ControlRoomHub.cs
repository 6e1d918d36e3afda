using GoLive.Core;
using GoLive.Core.Alerts;
using GoLive.Core.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace GoLive.Dashboard.Hubs;

/// <summary>
/// The live feed for clients other than the Blazor circuit (docs/product.md §7): signed-in by cookie or bearer
/// API key. Events are pushed by <see cref="HubForwarder"/>; methods that change state call the same
/// application services as the UI and the API, so the same authorization and audit apply.
/// </summary>
[Authorize]
public sealed class ControlRoomHub(AlertService alerts) : Hub
{
    public const string Path = "/hubs/control-room";

    /// <summary>Acknowledges an alert as the connected user (IncidentCommander); the refusal reason otherwise.</summary>
    public async Task<Alert> AcknowledgeAlert(Guid id)
    {
        try
        {
            // The actor HubAccess re-checked for this call (current roles), not the one of the moment the connection opened.
            return await alerts.AcknowledgeAsync((Actor)Context.Items[HubAccess.ActorItem]!, id, Context.ConnectionAborted);
        }
        catch (Exception ex) when (ex is CommandDeniedException or CommandRefusedException)
        {
            // HubException is the only exception whose message reaches the client.
            throw new HubException(ex.Message);
        }
    }
}
