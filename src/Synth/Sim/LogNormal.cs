namespace TraceLab.Synth.Sim;

/// <summary>
/// A log-normal-ish duration in integer nanoseconds: <c>median · 2^(σ·z)</c> with z from an Irwin–Hall sum of twelve
/// uniforms (≈ N(0,1), |z| ≤ 6). The power of two comes from a fixed-point table, so no floating point is involved and a
/// seed reproduces exactly on every platform.
/// </summary>
/// <param name="MedianNs">Median duration.</param>
/// <param name="SigmaLog2Milli">Spread in thousandths of a binary octave: 1000 means one σ doubles or halves the value.</param>
/// <param name="MinNs">Lower clamp.</param>
/// <param name="MaxNs">Upper clamp.</param>
internal readonly record struct LogNormal(long MedianNs, int SigmaLog2Milli, long MinNs, long MaxNs)
{
    // 2^(i/64) in Q32 for i = 0..64; generated once with exact arithmetic and frozen here.
    private static readonly ulong[] s_exp2 =
    [
        0x100000000, 0x102c9a3e7, 0x1059b0d31, 0x108745187, 0x10b5586d0, 0x10e3ec32d, 0x111301d01, 0x11429aaeb,
        0x1172b83c8, 0x11a35beb7, 0x11d487317, 0x12063b886, 0x12387a6e7, 0x126b4565e, 0x129e9df52, 0x12d285a6e,
        0x1306fe0a3, 0x133c08b26, 0x1371a7374, 0x13a7db34e, 0x13dea64c1, 0x14160a21f, 0x144e08606, 0x1486a2b5c,
        0x14bfdad53, 0x14f9b276a, 0x15342b56a, 0x156f4736b, 0x15ab07dd5, 0x15e76f15b, 0x16247eb04, 0x166238825,
        0x16a09e668, 0x16dfb23c6, 0x171f75e8f, 0x175feb564, 0x17a11473f, 0x17e2f336d, 0x182589995, 0x1868d99b4,
        0x18ace5423, 0x18f1ae991, 0x193737b0d, 0x197d829fe, 0x19c49182a, 0x1a0c667b6, 0x1a5503b24, 0x1a9e6b558,
        0x1ae89f996, 0x1b33a2b85, 0x1b7f76f30, 0x1bcc1e905, 0x1c199bdd8, 0x1c67f12e5, 0x1cb720dcf, 0x1d072d4a0,
        0x1d5818dd0, 0x1da9e603e, 0x1dfc97338, 0x1e502ee79, 0x1ea4afa2a, 0x1efa1bee6, 0x1f50765b7, 0x1fa7c181a,
        0x200000000,
    ];

    public long Sample(Rng rng)
    {
        // Twelve 16-bit uniforms from three 64-bit draws; their sum minus 6·65536 is z in Q16.
        long sum = 0;
        for (int i = 0; i < 3; i++)
        {
            ulong r = rng.NextU64();
            sum += (long)(r & 0xFFFF) + (long)((r >> 16) & 0xFFFF) + (long)((r >> 32) & 0xFFFF) + (long)(r >> 48);
        }

        long zQ16 = sum - (6L << 16);
        long eQ16 = zQ16 * SigmaLog2Milli / 1000;
        long whole = eQ16 >> 16;
        long frac = eQ16 & 0xFFFF;
        int index = (int)(frac >> 10);
        ulong step = (ulong)(frac & 0x3FF);
        ulong mantissa = s_exp2[index] + (((s_exp2[index + 1] - s_exp2[index]) * step) >> 10);
        UInt128 value = ((UInt128)(ulong)MedianNs * mantissa) >> 32;
        if (whole >= 0)
        {
            value = whole >= 40 ? (UInt128)MaxNs : value << (int)whole;
        }
        else
        {
            value = whole <= -40 ? 0 : value >> (int)-whole;
        }

        long ns = value > (UInt128)MaxNs ? MaxNs : (long)value;
        return ns < MinNs ? MinNs : ns;
    }
}
