using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace TraceLab.Store.Encoding;

/// <summary>Factor 1: values are packed as they are.</summary>
internal readonly struct UnitDivisor : IDivisor
{
    public long Factor => 1;

    public bool Vectorizes => true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Divide(ulong value) => value;

    /// <summary>The values themselves: callers pass values below 2^32 or keep only their low bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<ulong> Divide(Vector256<ulong> values) => values;
}
