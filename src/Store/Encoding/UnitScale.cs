using System.Runtime.CompilerServices;

namespace TraceLab.Store.Encoding;

/// <summary>Factor 1: values are stored as they are.</summary>
internal readonly struct UnitScale : IScale
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Apply(ulong value) => value;
}
