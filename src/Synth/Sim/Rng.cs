namespace TraceLab.Synth.Sim;

/// <summary>
/// xoshiro256** seeded through SplitMix64. Our own generator rather than <see cref="Random"/> so a seed gives the same
/// trace on every .NET version and platform; only integer arithmetic, so no libm differences either.
/// </summary>
internal sealed class Rng
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    public Rng(int seed)
    {
        ulong x = unchecked((ulong)(uint)seed * 0x9E37_79B9_7F4A_7C15UL + 0x6A09_E667_F3BC_C909UL);
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    public ulong NextU64()
    {
        ulong result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, bound) (Lemire's multiply-shift; the tiny bias is irrelevant for synthetic traces).</summary>
    public int Below(int bound) => (int)(((UInt128)NextU64() * (ulong)bound) >> 64);

    /// <summary>Uniform in [min, max] inclusive.</summary>
    public long Between(long min, long max) => min + (long)(((UInt128)NextU64() * (ulong)(max - min + 1)) >> 64);

    /// <summary>True with probability <paramref name="perMillion"/> / 1,000,000.</summary>
    public bool Chance(int perMillion) => Below(1_000_000) < perMillion;

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E37_79B9_7F4A_7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58_476D_1CE4_E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D0_49BB_1331_11EBUL;
        return z ^ (z >> 31);
    }
}
