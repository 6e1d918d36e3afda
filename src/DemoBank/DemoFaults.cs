using GoLive.Core.Traffic;

namespace GoLive.DemoBank;

/// <summary>Faults injected into a whole zone of the demo fleet (demo mode only).</summary>
public sealed record ZoneFault(double ErrorRate, int LatencyMs)
{
    public static readonly ZoneFault None = new(0, 0);
}

/// <summary>The fault settings the demo nodes read on every request.</summary>
public sealed class DemoFaults
{
    private readonly ZoneFault[] _faults = [ZoneFault.None, ZoneFault.None];

    public ZoneFault For(Zone zone) => Volatile.Read(ref _faults[(int)zone]);

    public void Set(Zone zone, ZoneFault fault)
    {
        if (fault.ErrorRate is < 0 or > 1 || double.IsNaN(fault.ErrorRate))
        {
            throw new ArgumentOutOfRangeException(nameof(fault), "Error rate must be between 0 and 1.");
        }
        if (fault.LatencyMs is < 0 or > 60_000)
        {
            throw new ArgumentOutOfRangeException(nameof(fault), "Added latency must be between 0 and 60000 ms.");
        }
        Volatile.Write(ref _faults[(int)zone], fault);
    }
}
