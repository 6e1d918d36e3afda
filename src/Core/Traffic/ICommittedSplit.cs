namespace GoLive.Core.Traffic;

/// <summary>The last split committed to storage: the data plane applies it before it serves after a restart.</summary>
public interface ICommittedSplit
{
    Task<int> LastCommittedGreenPercentAsync(CancellationToken ct = default);
}
