using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using GoLive.Core.Configuration;

namespace GoLive.Core.Deployments;

/// <summary>The stored form of a <see cref="Deployment"/> (JSON in the deployments table).</summary>
internal sealed class DeploymentDocument
{
    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    public Guid Id { get; set; }
    public string Version { get; set; } = "";
    public string StartedBy { get; set; } = "";
    public DateTimeOffset StartedAt { get; set; }
    public GateMode GateMode { get; set; }
    public DeploymentStatus Status { get; set; }
    public PhaseName CurrentPhase { get; set; }
    public PhaseState[] Phases { get; set; } = [];
    public int[] TrafficSteps { get; set; } = [];
    public int CurrentStepIndex { get; set; }
    /// <summary>Green's physical share (written for readers of the stored JSON; <see cref="TargetPercent"/> is the state).</summary>
    public int GreenPercent { get; set; }

    /// <summary>Null in documents stored before colors alternated (migration 0008): the target was green then.</summary>
    public int? TargetPercent { get; set; }
    public Traffic.Zone LiveColor { get; set; }
    public string? LiveVersion { get; set; }
    public DateTimeOffset? StepStartedAt { get; set; }
    public bool AwaitingGate { get; set; }
    public long RowVersion { get; set; }
    public string? EndReason { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    public string? PausedBy { get; set; }
    public string? PausedReason { get; set; }
    public DateTimeOffset? PausedAt { get; set; }
    public PhaseName? InterruptedPhase { get; set; }
    public RollbackStepState[] RollbackSteps { get; set; } = [];
    public string? RollbackReason { get; set; }
    public string? RollbackRequestedBy { get; set; }
    public DateTimeOffset? RollbackRequestedAt { get; set; }

    public static string Serialize(Deployment d) => JsonSerializer.Serialize(new DeploymentDocument
    {
        Id = d.Id, Version = d.Version, StartedBy = d.StartedBy, StartedAt = d.StartedAt, GateMode = d.GateMode,
        Status = d.Status, CurrentPhase = d.CurrentPhase, Phases = [.. d.Phases], TrafficSteps = [.. d.TrafficSteps],
        CurrentStepIndex = d.CurrentStepIndex, GreenPercent = d.GreenPercent, StepStartedAt = d.StepStartedAt,
        AwaitingGate = d.AwaitingGate, RowVersion = d.RowVersion, EndReason = d.EndReason, EndedAt = d.EndedAt,
        PausedBy = d.PausedBy, PausedReason = d.PausedReason, PausedAt = d.PausedAt, InterruptedPhase = d.InterruptedPhase,
        RollbackSteps = [.. d.RollbackSteps], RollbackReason = d.RollbackReason, RollbackRequestedBy = d.RollbackRequestedBy,
        RollbackRequestedAt = d.RollbackRequestedAt, TargetPercent = d.TargetPercent, LiveColor = d.LiveColor, LiveVersion = d.LiveVersion,
    }, Json);

    public static Deployment Deserialize(string json)
    {
        var d = JsonSerializer.Deserialize<DeploymentDocument>(json, Json) ?? throw new InvalidDataException("Empty deployment state.");
        return new Deployment
        {
            Id = d.Id, Version = d.Version, StartedBy = d.StartedBy, StartedAt = d.StartedAt, GateMode = d.GateMode,
            Status = d.Status, CurrentPhase = d.CurrentPhase, Phases = [.. d.Phases], TrafficSteps = [.. d.TrafficSteps],
            CurrentStepIndex = d.CurrentStepIndex, StepStartedAt = d.StepStartedAt,
            TargetPercent = d.TargetPercent ?? (d.LiveColor == Traffic.Zone.Blue ? d.GreenPercent : 100 - d.GreenPercent),
            LiveColor = d.LiveColor, LiveVersion = d.LiveVersion,
            AwaitingGate = d.AwaitingGate, RowVersion = d.RowVersion, EndReason = d.EndReason, EndedAt = d.EndedAt,
            PausedBy = d.PausedBy, PausedReason = d.PausedReason, PausedAt = d.PausedAt, InterruptedPhase = d.InterruptedPhase,
            RollbackSteps = [.. d.RollbackSteps], RollbackReason = d.RollbackReason, RollbackRequestedBy = d.RollbackRequestedBy,
            RollbackRequestedAt = d.RollbackRequestedAt,
        };
    }
}
