using System.Text.Json;
using GoLive.Core.Configuration;
using GoLive.Core.Deployments;
using GoLive.Core.Fleet;
using GoLive.Core.Traffic;

namespace GoLive.Core.Inventory;

/// <summary>What one node said its version is (null with the error when it did not say).</summary>
public sealed record NodeVersion(string NodeId, Zone Color, Uri Address, string? Reported, string? Error);

/// <summary>
/// Reads the version each node runs from the node itself (<c>ControlRoom:Zones:VersionPath</c>, default
/// <c>/version</c>): JSON with a <c>version</c> field, or the version as plain text.
/// </summary>
public sealed class NodeVersionReader(NodeProbe probe, ControlRoomOptions options)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public async Task<NodeVersion> ReadAsync(FleetNode node, CancellationToken ct)
    {
        var (result, body) = await probe.GetBodyAsync(node.Address, options.Zones.VersionPath, Timeout, ct);
        if (!result.Ok || body is null)
        {
            return new NodeVersion(node.Id, node.Zone, node.Address, null, result.Error ?? $"{options.Zones.VersionPath} answered {result.Status}");
        }
        return Parse(body) is { } version
            ? new NodeVersion(node.Id, node.Zone, node.Address, version, null)
            : new NodeVersion(node.Id, node.Zone, node.Address, null, $"{options.Zones.VersionPath} gave no version");
    }

    public async Task<IReadOnlyList<NodeVersion>> ReadAllAsync(IEnumerable<FleetNode> nodes, CancellationToken ct) =>
        await Task.WhenAll(nodes.Select(n => ReadAsync(n, ct)));

    /// <summary>The version in a body: the <c>version</c> field of a JSON object, or the trimmed text (one short line).</summary>
    public static string? Parse(string body)
    {
        var text = body.Trim();
        if (text.StartsWith('{'))
        {
            try
            {
                using var json = JsonDocument.Parse(text);
                return json.RootElement.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.String
                       && v.GetString() is { Length: > 0 and <= 64 } s ? s.Trim() : null;
            }
            catch (JsonException)
            {
                return null;
            }
        }
        return text.Length is > 0 and <= 64 && !text.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)) ? text : null;
    }
}
