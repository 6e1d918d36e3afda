using System.Text.Json;
using GoLive.Core.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GoLive.Core.Audit;

/// <summary>
/// Exports the audit chain head: every <c>ControlRoom:Audit:CheckpointSeconds</c> (when the chain has grown) and
/// at shutdown it signs a checkpoint, writes it to the log and to the checkpoint file (mode 600, outside the
/// database), and keeps it for <c>/metrics</c> and <see cref="AuditTrail.VerifyAsync"/>. At start it adopts the
/// file's checkpoint if its signature holds, so a truncation made while the control room was down is detected.
/// The log and a Prometheus server keep copies the database's writer cannot reach.
/// </summary>
public sealed class AuditAnchor(AuditTrail trail, ControlRoomOptions options, TimeProvider time, ILogger<AuditAnchor> logger, IServiceProvider services)
    : BackgroundService
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private long _exported = -1;

    /// <summary>The checkpoint file: the configured one, else <c>audit.checkpoint</c> beside the key file.</summary>
    public static string CheckpointFilePath(ControlRoomOptions options) =>
        Path.GetFullPath(string.IsNullOrWhiteSpace(options.Audit.CheckpointFile)
            ? Path.Combine(Path.GetDirectoryName(AuditKey.KeyFilePath(options))!, "audit.checkpoint")
            : options.Audit.CheckpointFile);

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        var path = CheckpointFilePath(options);
        if (File.Exists(path))
        {
            var stored = JsonSerializer.Deserialize<AuditCheckpoint>(File.ReadAllText(path), Json);
            if (stored is not null && trail.Adopt(stored))
            {
                _exported = stored.Sequence;
                logger.LogInformation("Audit chain: verifying against the checkpoint of sequence {Sequence} from {Path}", stored.Sequence, path);
            }
            else
            {
                logger.LogCritical("Audit chain: the checkpoint file {Path} does not carry a valid signature; it was replaced or the audit key changed", path);
            }
        }
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Audit.CheckpointSeconds), time);
        try
        {
            do
            {
                await ExportAsync(force: false, stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await ExportAsync(force: false, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Audit chain: no checkpoint at shutdown");
        }
    }

    /// <summary>Signs and exports the head when it moved since the last export (or when <paramref name="force"/>).</summary>
    public async Task<AuditCheckpoint?> ExportAsync(bool force, CancellationToken ct)
    {
        try
        {
            var checkpoint = await trail.CheckpointAsync(ct);
            if (!force && checkpoint.Sequence == Interlocked.Read(ref _exported))
            {
                return null;
            }
            Write(checkpoint);
            Interlocked.Exchange(ref _exported, checkpoint.Sequence);
            logger.LogInformation("Audit checkpoint: sequence {Sequence}, head {Hash}, at {At:O}, signature {Signature}",
                checkpoint.Sequence, checkpoint.Hash, checkpoint.At, checkpoint.Signature);
            if (services.GetService(typeof(Alerts.AlertNotifier)) is Alerts.AlertNotifier notifier)
            {
                // Webhooks that asked for checkpoints (Alerts:Webhooks:N:AuditCheckpoints); off the timer's path, never throws.
                _ = notifier.DeliverCheckpointAsync(checkpoint, CancellationToken.None);
            }
            return checkpoint;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A busy or full database must not stop the anchor; the next tick tries again.
            logger.LogWarning(ex, "Audit chain: checkpoint failed");
            return null;
        }
    }

    private void Write(AuditCheckpoint checkpoint)
    {
        var path = CheckpointFilePath(options);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp";
        var file = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            file.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var stream = new FileStream(temporary, file))
        {
            JsonSerializer.Serialize(stream, checkpoint, Json);
        }
        File.Move(temporary, path, overwrite: true);
    }
}
