using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TraceLab.Store.Encoding;

/// <summary>
/// The writer's side of <see cref="PackedBlocks"/>: <see cref="Measure"/> computes every block's base, its width or
/// patched width with exceptions (<see cref="PatchedBlock"/>, whichever is smaller), and the exact encoded size (so the encoder can compare encodings without writing them), and
/// <see cref="Write"/> then writes the measured stream. One instance is reused for every chunk a writer encodes.
/// </summary>
internal sealed class PackedBlockPlan
{
    private long[] _bases = [];
    private long[] _maxima = [];
    private long[] _factors = [];

    // Per block: header code (width, or patched code) and body bytes (packed bits plus exceptions), as planned for the
    // current divisor, and as planned unscaled (kept so that a factor that does not pay costs no second pass).
    private byte[] _codes = [];
    private int[] _bodies = [];
    private byte[] _unscaledCodes = [];
    private int[] _unscaledBodies = [];
    private int _blocks;
    private int _count;
    private ExactDivisor _divisor = ExactDivisor.One;

    /// <summary>Exact size in bytes of the measured stream.</summary>
    public int Size { get; private set; }

    /// <summary>Smallest measured value (long.MaxValue for an empty stream).</summary>
    public long Min { get; private set; }

    /// <summary>Largest measured value (long.MinValue for an empty stream).</summary>
    public long Max { get; private set; }

    /// <summary>Plans the stream with factor 1; <see cref="TryCommonFactor"/> may shrink it afterwards.</summary>
    public void Measure(ReadOnlySpan<long> values)
    {
        _blocks = (values.Length + PackedBlocks.BlockSize - 1) / PackedBlocks.BlockSize;
        if (_bases.Length < _blocks)
        {
            _bases = new long[_blocks];
            _maxima = new long[_blocks];
            _factors = new long[_blocks];
            _codes = new byte[_blocks];
            _bodies = new int[_blocks];
            _unscaledCodes = new byte[_blocks];
            _unscaledBodies = new int[_blocks];
        }

        long min = long.MaxValue, max = long.MinValue;
        for (int b = 0; b < _blocks; b++)
        {
            (_bases[b], _maxima[b]) = MinMax(Block(values, b));
            min = Math.Min(min, _bases[b]);
            max = Math.Max(max, _maxima[b]);
        }

        Min = min;
        Max = max;
        _count = values.Length;
        _divisor = ExactDivisor.One;
        Array.Clear(_factors, 0, _blocks);
        for (int b = 0; b < _blocks; b++)
        {
            ulong range = (ulong)unchecked(_maxima[b] - _bases[b]);
            (int code, _unscaledBodies[b]) = PatchedBlock.Choose(Block(values, b), _bases[b], default(UnitDivisor), range);
            _unscaledCodes[b] = (byte)code;
        }

        Size = Plan(values);
    }

    /// <summary>
    /// Re-plans the measured stream with a common factor, if its blocks have one. A separate step because the search
    /// is a pass over the values: the encoder only runs it for the candidate that is winning. The factor is chosen for
    /// the stream but applied per block, so a block holding a -1 sentinel among multiples of 1000 just goes unscaled.
    /// </summary>
    public void TryCommonFactor(ReadOnlySpan<long> values)
    {
        // A factor can only pay when values take bits to begin with (over 2 per value).
        if (Size <= (values.Length / 4) + 16)
        {
            return;
        }

        bool any = false;
        for (int b = 0; b < _blocks; b++)
        {
            // Below 2^62 the differences the search looks at are exact.
            bool exact = (ulong)unchecked(_maxima[b] - _bases[b]) < (1UL << 62);
            _factors[b] = exact ? CommonFactor.Find(Block(values, b)) : 1;
            any |= _factors[b] > 1;
        }

        if (!any)
        {
            Array.Clear(_factors, 0, _blocks);
            return;
        }

        // Blocks may share a larger factor by chance (2000 instead of 1000); the stream's factor is the candidate that
        // saves the most bits over the blocks it divides.
        long best = 1, bestSaving = 0;
        foreach (long candidate in Candidates())
        {
            long saving = Saving(candidate);
            if (saving > bestSaving)
            {
                (best, bestSaving) = (candidate, saving);
            }
        }

        _divisor = new ExactDivisor(best);
        int size = Plan(values);
        if (size < Size)
        {
            Size = size;
            return;
        }

        // Not worth the factor's varint after all.
        _divisor = ExactDivisor.One;
        Array.Clear(_factors, 0, _blocks);
        for (int b = 0; b < _blocks; b++)
        {
            ulong range = (ulong)unchecked(_maxima[b] - _bases[b]);
            (int code, _unscaledBodies[b]) = PatchedBlock.Choose(Block(values, b), _bases[b], default(UnitDivisor), range);
            _unscaledCodes[b] = (byte)code;
        }

        Size = Plan(values);
    }

    /// <summary>Writes the stream measured last (for the same <paramref name="values"/>) and returns its length.</summary>
    public int Write(ReadOnlySpan<long> values, Span<byte> destination)
    {
        int position = 0;
        VarInt.Write(destination, ref position, (ulong)_divisor.Factor);
        long previousBase = 0;
        for (int b = 0; b < _blocks; b++)
        {
            bool scaled = Scaled(b);
            int code = _codes[b];
            VarInt.Write(destination, ref position, VarInt.ZigZag(unchecked(_bases[b] - previousBase)));
            destination[position++] = (byte)(code | (scaled ? PackedBlocks.ScaledFlag : 0));
            Span<byte> body = destination[position..];
            ReadOnlySpan<long> block = Block(values, b);
            if (code < PackedBlocks.PatchedCode)
            {
                position += scaled
                    ? BitPacker.Pack(block, _bases[b], _divisor, code, body)
                    : BitPacker.Pack(block, _bases[b], default(UnitDivisor), code, body);
            }
            else
            {
                int width = code - PackedBlocks.PatchedCode;
                position += scaled
                    ? PatchedBlock.Write(block, _bases[b], _divisor, width, body)
                    : PatchedBlock.Write(block, _bases[b], default(UnitDivisor), width, body);
            }

            previousBase = _bases[b];
        }

        return position;
    }

    /// <summary>True when block <paramref name="block"/> is stored divided by the stream's factor.</summary>
    private bool Scaled(int block) => _divisor.Factor > 1 && _factors[block] % _divisor.Factor == 0;

    /// <summary>
    /// Sets every block's code and body size for the current divisor; returns the stream's size. Unscaled blocks
    /// reuse what <see cref="Measure"/> planned; scaled blocks are planned again on their divided values.
    /// </summary>
    private int Plan(ReadOnlySpan<long> values)
    {
        int size = VarInt.Length((ulong)_divisor.Factor);
        long previousBase = 0;
        for (int b = 0; b < _blocks; b++)
        {
            if (Scaled(b))
            {
                ulong range = _divisor.Divide((ulong)unchecked(_maxima[b] - _bases[b]));
                (int code, _bodies[b]) = PatchedBlock.Choose(Block(values, b), _bases[b], _divisor, range);
                _codes[b] = (byte)code;
            }
            else
            {
                _codes[b] = _unscaledCodes[b];
                _bodies[b] = _unscaledBodies[b];
            }

            size += VarInt.Length(VarInt.ZigZag(unchecked(_bases[b] - previousBase))) + 1 + _bodies[b];
            previousBase = _bases[b];
        }

        return size;
    }

    /// <summary>The distinct block factors above 1 (at most a handful in practice; capped to bound the work).</summary>
    private List<long> Candidates()
    {
        var candidates = new List<long>();
        for (int b = 0; b < _blocks && candidates.Count < 8; b++)
        {
            if (_factors[b] > 1 && !candidates.Contains(_factors[b]))
            {
                candidates.Add(_factors[b]);
            }
        }

        return candidates;
    }

    /// <summary>Bits saved by dividing every block whose factor is a multiple of <paramref name="factor"/>.</summary>
    private long Saving(long factor)
    {
        var divisor = new ExactDivisor(factor);
        long saving = 0;
        for (int b = 0; b < _blocks; b++)
        {
            if (_factors[b] % factor == 0)
            {
                ulong range = (ulong)unchecked(_maxima[b] - _bases[b]);
                int before = 64 - BitOperations.LeadingZeroCount(range);
                int after = 64 - BitOperations.LeadingZeroCount(divisor.Divide(range));
                saving += (long)(before - after) * Math.Min(PackedBlocks.BlockSize, _count - (b * PackedBlocks.BlockSize));
            }
        }

        return saving;
    }

    private static ReadOnlySpan<long> Block(ReadOnlySpan<long> values, int block)
    {
        int start = block * PackedBlocks.BlockSize;
        return values.Slice(start, Math.Min(PackedBlocks.BlockSize, values.Length - start));
    }

    /// <summary>Minimum and maximum of a block; four lanes at a time where the CPU has 256-bit vectors (no unpredictable branches).</summary>
    private static (long Min, long Max) MinMax(ReadOnlySpan<long> block)
    {
        if (Vector256.IsHardwareAccelerated && block.Length >= 8)
        {
            ref long start = ref MemoryMarshal.GetReference(block);
            Vector256<long> min = Vector256.LoadUnsafe(ref start);
            Vector256<long> max = min;
            int i = 4;
            for (; i + 4 <= block.Length; i += 4)
            {
                Vector256<long> v = Vector256.LoadUnsafe(ref start, (nuint)i);
                min = Vector256.ConditionalSelect(Vector256.LessThan(v, min), v, min);
                max = Vector256.ConditionalSelect(Vector256.GreaterThan(v, max), v, max);
            }

            // The last four values again (overlapping is harmless for min and max).
            Vector256<long> last = Vector256.LoadUnsafe(ref start, (nuint)(block.Length - 4));
            min = Vector256.ConditionalSelect(Vector256.LessThan(last, min), last, min);
            max = Vector256.ConditionalSelect(Vector256.GreaterThan(last, max), last, max);
            return (Math.Min(Math.Min(min[0], min[1]), Math.Min(min[2], min[3])),
                    Math.Max(Math.Max(max[0], max[1]), Math.Max(max[2], max[3])));
        }

        long lo = block[0], hi = block[0];
        foreach (long v in block)
        {
            lo = Math.Min(lo, v);
            hi = Math.Max(hi, v);
        }

        return (lo, hi);
    }
}
