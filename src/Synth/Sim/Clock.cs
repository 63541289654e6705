namespace TraceLab.Synth.Sim;

/// <summary>
/// Maps simulation time (integer ns from trace start) to what the trace prints: nanoseconds since boot (truncated
/// to the microsecond when only microseconds are shown, so truth matches the text) or TSC ticks.
/// </summary>
internal sealed class Clock
{
    private readonly long _bootOffsetNs;
    private readonly ulong _tscBase;
    private readonly long _tscKhz;
    private readonly TimestampStyle _style;

    public Clock(long bootOffsetNs, ulong tscBase, long tscKhz, TimestampStyle style)
    {
        _bootOffsetNs = bootOffsetNs;
        _tscBase = tscBase;
        _tscKhz = tscKhz;
        _style = style;
    }

    public ulong Tsc(long timeNs) => _tscBase + (ulong)(((UInt128)(ulong)(_bootOffsetNs + timeNs) * (ulong)_tscKhz) / 1_000_000);

    public long Display(long timeNs) => _style switch
    {
        TimestampStyle.Usec => (_bootOffsetNs + timeNs) / 1000 * 1000,
        TimestampStyle.Nsec => _bootOffsetNs + timeNs,
        _ => (long)Tsc(timeNs),
    };
}
