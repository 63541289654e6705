using System.Runtime.CompilerServices;

namespace TraceLab.Store.Encoding;

/// <summary>A common factor above 1 (see <see cref="CommonFactor"/>); the product wraps like the encoder's subtraction.</summary>
internal readonly struct FactorScale(ulong factor) : IScale
{
    private readonly ulong _factor = factor;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Apply(ulong value) => unchecked(value * _factor);
}
