using System.Runtime.CompilerServices;

namespace TraceLab.Store.Encoding;

/// <summary>Factor 1: values are packed as they are.</summary>
internal readonly struct UnitDivisor : IDivisor
{
    public long Factor => 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Divide(ulong value) => value;
}
