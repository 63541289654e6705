namespace TraceLab.Synth.Truth;

/// <summary>Unit of <see cref="ExitTruth.Timestamp"/> and <see cref="ExitTruth.HandlingTime"/>.</summary>
public enum TimestampUnit
{
    /// <summary>Nanoseconds since boot, exactly as the text shows them (a multiple of 1000 when it prints microseconds).</summary>
    Nanoseconds = 0,

    /// <summary>Raw TSC ticks, as printed for <see cref="TimestampStyle.RawCounter"/>.</summary>
    Ticks = 1,
}
