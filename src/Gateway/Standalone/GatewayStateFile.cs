using System.Text.Json;
using GoLive.Core.Traffic.Replicas;

namespace GoLive.Gateway.Standalone;

/// <summary>
/// The last desired state this replica applied, on disk: written to a temporary file, flushed, then renamed over the
/// old one (atomic on one file system), so a crash never leaves half a file; read at start-up before the first request.
/// </summary>
public sealed class GatewayStateFile(string path)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public string Path { get; } = System.IO.Path.GetFullPath(path);

    public DesiredDataPlane? Load()
    {
        if (!File.Exists(Path))
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<DesiredDataPlane>(File.ReadAllText(Path), Json);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"The gateway state file {Path} is not valid JSON ({ex.Message}); remove it to start without a split.", ex);
        }
    }

    public void Save(DesiredDataPlane state)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        var temp = Path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, state, Json);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, Path, overwrite: true);
    }
}
