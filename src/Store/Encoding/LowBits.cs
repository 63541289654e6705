using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace TraceLab.Store.Encoding;

/// <summary>
/// Divides like <typeparamref name="TDivisor"/> and keeps the low <c>width</c> bits: what a patched block packs for
/// every value (<see cref="PatchedBlock.Write"/>), so the packer reads the values themselves instead of a copy.
/// </summary>
internal readonly struct LowBits<TDivisor>(TDivisor divisor, int width) : IDivisor
    where TDivisor : struct, IDivisor
{
    private readonly TDivisor _divisor = divisor;
    private readonly ulong _mask = (1UL << width) - 1;

    public long Factor => _divisor.Factor;

    public bool Vectorizes => _divisor.Vectorizes;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Divide(ulong value) => _divisor.Divide(value) & _mask;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<ulong> Divide(Vector256<ulong> values) => _divisor.Divide(values) & Vector256.Create(_mask);
}
