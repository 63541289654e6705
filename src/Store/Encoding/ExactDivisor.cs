using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace TraceLab.Store.Encoding;

/// <summary>
/// Divides by a common factor known to divide exactly, without a hardware division: shift out the factor's power
/// of two, then multiply by the inverse of its odd part modulo 2^64 (exact because the remainder is zero).
/// </summary>
internal readonly struct ExactDivisor : IDivisor
{
    private readonly int _shift;
    private readonly ulong _oddInverse;

    public ExactDivisor(long factor)
    {
        Factor = factor;
        _shift = BitOperations.TrailingZeroCount(factor);
        ulong odd = (ulong)factor >> _shift;

        // Newton's iteration x -> x(2 - odd*x) doubles the correct low bits; odd itself is right to 3 bits, so five
        // steps give 96 > 64.
        ulong inverse = odd;
        for (int i = 0; i < 5; i++)
        {
            inverse *= 2 - (odd * inverse);
        }

        _oddInverse = inverse;
    }

    public static ExactDivisor One { get; } = new(1);

    public long Factor { get; }

    public bool Vectorizes => Avx2.IsSupported;

    /// <summary><paramref name="value"/> / Factor, for a value that is a multiple of Factor.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Divide(ulong value) => (value >> _shift) * _oddInverse;

    /// <summary>
    /// The low 32 bits of the quotients. AVX2 has no 64-bit multiply, but the low 32 bits of a product depend only on
    /// the low 32 bits of its factors, which vpmuludq multiplies.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<ulong> Divide(Vector256<ulong> values) =>
        Avx2.Multiply(Vector256.ShiftRightLogical(values, _shift).AsUInt32(), Vector256.Create(_oddInverse).AsUInt32())
        & Vector256.Create((ulong)uint.MaxValue);
}
