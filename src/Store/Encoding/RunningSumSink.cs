using System.Runtime.CompilerServices;

namespace TraceLab.Store.Encoding;

/// <summary>
/// Turns unpacked deltas back into values by a running sum, fused into the unpack loop so decoding a delta column
/// is a single pass over memory. Sums wrap like the encoder's subtraction, so any long sequence round-trips.
/// </summary>
internal struct RunningSumSink : IValueSink
{
    private long _current;

    public RunningSumSink(long first) => _current = first;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long Next(long value) => _current = unchecked(_current + value);
}
