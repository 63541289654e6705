using System.Numerics;
using System.Runtime.CompilerServices;

namespace TraceLab.Store.Encoding;

/// <summary>
/// The writer's side of <see cref="PackedBlocks"/>, in three steps, so that the encoder pays for exact planning only
/// where an encoding may win:
/// <list type="number">
/// <item>block ranges: every block's minimum (its base) and maximum, from <see cref="BlockScan"/> or
/// <see cref="MeasureRanges"/>;</item>
/// <item><see cref="Estimate"/>: the stream's size, with patched blocks and a common factor, planned on an even
/// sample of the blocks and scaled to the rest by the plain widths the ranges give for free (exact for short
/// streams); it also settles the stream's factor;</item>
/// <item><see cref="WriteExact"/>: each block's width or patched width with exceptions (<see cref="PatchedBlock"/>,
/// whichever is smaller), chosen and written while the block is in L1, so the values are read once more in all.</item>
/// </list>
/// One instance is reused for every chunk a writer encodes.
/// </summary>
[SkipLocalsInit]
internal sealed class PackedBlockPlan
{
    /// <summary>Streams of fewer blocks are planned exactly by <see cref="Estimate"/>: a sample would be too small to trust.</summary>
    private const int MinSampledBlocks = 64;

    /// <summary>Blocks an estimate plans, spread evenly over the stream (a few more where the division leaves some).</summary>
    private const int SampleBlocks = 32;

    /// <summary>Most bytes one block takes: a 10-byte base varint, the code, 64-bit values, 8 bytes of packer slack.</summary>
    private const int MaxBlockBytes = VarInt.MaxLength + 1 + (8 * PackedBlocks.BlockSize) + 8;

    private long[] _bases = [];
    private long[] _maxima = [];
    private long[] _factors = [];
    private int[] _costs = [];
    private int[] _scaledCosts = [];
    private int _blocks;
    private int _count;

    /// <summary>The stream's factor, as <see cref="Estimate"/> chose it; blocks it divides are stored scaled.</summary>
    private ExactDivisor _divisor = ExactDivisor.One;

    /// <summary>The patch widths <see cref="Estimate"/> chose for a long stream (for its scaled blocks, if it has a factor).</summary>
    private PatchWidths _widths = PatchWidths.None;

    /// <summary>Smallest value of the stream (long.MaxValue for an empty stream).</summary>
    public long Min { get; private set; }

    /// <summary>Largest value of the stream (long.MinValue for an empty stream).</summary>
    public long Max { get; private set; }

    /// <summary>Step 1 for a stream of <paramref name="count"/> values: the per-block minima and maxima to fill in.</summary>
    public void StartRanges(int count, out Span<long> minima, out Span<long> maxima)
    {
        _count = count;
        _blocks = (count + PackedBlocks.BlockSize - 1) / PackedBlocks.BlockSize;
        if (_bases.Length < _blocks)
        {
            int capacity = Math.Max(_blocks, 8);
            _bases = new long[capacity];
            _maxima = new long[capacity];
            _factors = new long[capacity];
        }

        minima = _bases.AsSpan(0, _blocks);
        maxima = _maxima.AsSpan(0, _blocks);
    }

    /// <summary>Ends step 1: the stream's extremes from its blocks'; forgets the previous stream's factor.</summary>
    public void FinishRanges()
    {
        long min = long.MaxValue, max = long.MinValue;
        for (int b = 0; b < _blocks; b++)
        {
            min = Math.Min(min, _bases[b]);
            max = Math.Max(max, _maxima[b]);
        }

        Min = min;
        Max = max;
        _divisor = ExactDivisor.One;
        _widths = PatchWidths.None;
    }

    /// <summary>Step 1 by a pass of its own, for streams <see cref="BlockScan.Scan"/> does not produce.</summary>
    public void MeasureRanges(ReadOnlySpan<long> values)
    {
        StartRanges(values.Length, out Span<long> minima, out Span<long> maxima);
        for (int b = 0; b < minima.Length; b++)
        {
            int start = b * PackedBlocks.BlockSize;
            (minima[b], maxima[b]) = BlockScan.MinMax(values.Slice(start, Math.Min(PackedBlocks.BlockSize, values.Length - start)));
        }

        FinishRanges();
    }

    /// <summary>The factor and patch widths <see cref="Estimate"/> settled (or <see cref="Reuse"/> set).</summary>
    public PackedStreamParameters Parameters => new(_divisor, _widths);

    /// <summary>
    /// Takes another chunk's <see cref="Parameters"/> instead of estimating: step 3 may follow step 1 directly. A block
    /// the factor does not divide is stored unscaled, so any factor is correct, if not always the best.
    /// </summary>
    public void Reuse(PackedStreamParameters parameters)
    {
        _divisor = parameters.Divisor.Factor > 0 ? parameters.Divisor : ExactDivisor.One;
        _widths = parameters.Widths;
    }

    /// <summary>
    /// Bytes <see cref="WriteExact"/> may write before it gives up at <paramref name="limit"/>, slack included: the
    /// destination must be at least this long.
    /// </summary>
    public int Capacity(long limit)
    {
        long whole = VarInt.MaxLength + ((long)_blocks * MaxBlockBytes);
        return (int)Math.Min(whole, Math.Clamp(limit, 0, whole) + MaxBlockBytes + VarInt.MaxLength);
    }

    /// <summary>
    /// Step 2: the stream's likely size, and the parameters <see cref="WriteExact"/> will use: its factor and its
    /// pair of patch widths (<see cref="PatchWidths"/>). Headers and plain widths are exact for every block; what
    /// patched blocks and a common factor save is planned on about <see cref="SampleBlocks"/> blocks spread evenly
    /// over the stream, and scaled to the rest by their plain bytes. Estimates pick which encodings to plan exactly,
    /// so one that does not win costs an eighth or so of an exact plan. Short streams are planned exactly (without
    /// writing), each block at its own best width.
    /// </summary>
    public long Estimate<TSource>(scoped TSource source)
        where TSource : IBlockSource, allows ref struct
    {
        if (_blocks < MinSampledBlocks)
        {
            return PlanSize(source);
        }

        long headers = VarInt.Length(1), plain = 0;
        long previousBase = 0;
        for (int b = 0; b < _blocks; b++)
        {
            headers += VarInt.Length(VarInt.ZigZag(unchecked(_bases[b] - previousBase))) + 1;
            plain += BitPacker.PackedLength(BlockLength(b), Width(Range(b)));
            previousBase = _bases[b];
        }

        // Every sampled block's size at each width, then the stream's pair of patch widths (see PatchWidths).
        Span<long> buffer = stackalloc long[PackedBlocks.BlockSize];
        int stride = _blocks / SampleBlocks;
        int first = stride / 2;
        int samples = ((_blocks - first - 1) / stride) + 1;
        Span<int> costs = Table(ref _costs, samples);
        long sampledPlain = 0;
        for (int b = first, k = 0; b < _blocks; b += stride, k++)
        {
            ulong range = Range(b);
            sampledPlain += BitPacker.PackedLength(BlockLength(b), Width(range));
            PatchedBlock.Costs(source.Block(b, buffer), _bases[b], default(UnitDivisor), range, costs.Slice(k * PatchWidths.TableWidth));
        }

        _widths = PatchWidths.Pick(costs, samples, out long sampled);

        // A factor, like patching, is judged on the sample: the stream's factor is the one that saves most there.
        // Blocks it does not divide (a -1 among multiples of 1000) are planned on their own, at their best width.
        if (MayHaveFactor(headers + plain) && FindFactor(source, first, stride) is { Factor: > 1 } divisor)
        {
            Span<int> scaledCosts = Table(ref _scaledCosts, samples);
            long unscaled = 0;
            int scaledBlocks = 0;
            for (int b = first, k = 0; b < _blocks; b += stride, k++)
            {
                if (_factors[b] % divisor.Factor == 0)
                {
                    PatchedBlock.Costs(source.Block(b, buffer), _bases[b], divisor, divisor.Divide(Range(b)), scaledCosts.Slice(scaledBlocks++ * PatchWidths.TableWidth));
                }
                else
                {
                    int own = int.MaxValue;
                    foreach (int bytes in costs.Slice(k * PatchWidths.TableWidth, PatchWidths.TableWidth))
                    {
                        own = Math.Min(own, bytes);
                    }

                    unscaled += own;
                }
            }

            PatchWidths scaledWidths = PatchWidths.Pick(scaledCosts, scaledBlocks, out long scaled);
            if (unscaled + scaled < sampled)
            {
                _divisor = divisor;
                _widths = scaledWidths;
                headers += VarInt.Length((ulong)divisor.Factor) - 1;
                sampled = unscaled + scaled;
            }
        }

        // Scaled by plain bytes rather than by block count: a few wide blocks (an idle gap) do not skew it.
        long body = sampledPlain == 0 ? plain : (long)((double)plain * sampled / sampledPlain);
        return headers + body;
    }

    /// <summary>
    /// Step 3: plans and writes every block with the parameters <see cref="Estimate"/> chose (or
    /// <see cref="Reuse"/> set), and returns true with the stream's length in <paramref name="written"/>; or returns
    /// false as soon as the length passes <paramref name="limit"/> (another encoding already does at least as well).
    /// <paramref name="destination"/> must hold <see cref="Capacity"/> bytes.
    /// </summary>
    public bool WriteExact<TSource>(scoped TSource source, long limit, Span<byte> destination, out int written)
        where TSource : IBlockSource, allows ref struct =>
        Write(source, limit, destination, measure: false, out written);

    /// <summary>
    /// Steps 1 and 3 in one pass, for a stream whose parameters come from <see cref="Reuse"/> (after
    /// <see cref="StartRanges"/>): each block's range is taken just before the block is planned and written, so the
    /// values are read from memory once, while the planning keeps the CPU busy. <see cref="Min"/> and
    /// <see cref="Max"/> are set when the whole stream was written.
    /// </summary>
    public bool MeasureAndWrite<TSource>(scoped TSource source, long limit, Span<byte> destination, out int written)
        where TSource : IBlockSource, allows ref struct =>
        Write(source, limit, destination, measure: true, out written);

    private bool Write<TSource>(scoped TSource source, long limit, Span<byte> destination, bool measure, out int written)
        where TSource : IBlockSource, allows ref struct
    {
        Span<long> buffer = stackalloc long[PackedBlocks.BlockSize];
        int position = 0;
        VarInt.Write(destination, ref position, (ulong)_divisor.Factor);
        long previousBase = 0;
        long min = long.MaxValue, max = long.MinValue;
        for (int b = 0; b < _blocks; b++)
        {
            ReadOnlySpan<long> block = source.Block(b, buffer);
            if (measure)
            {
                (_bases[b], _maxima[b]) = BlockScan.MinMax(block);
                min = Math.Min(min, _bases[b]);
                max = Math.Max(max, _maxima[b]);
            }

            long blockBase = _bases[b];
            ulong range = Range(b);
            VarInt.Write(destination, ref position, VarInt.ZigZag(unchecked(blockBase - previousBase)));
            previousBase = blockBase;
            int header = position++;

            // Long streams use the estimate's pair of widths; short streams, and the blocks of a scaled stream that
            // stay unscaled, search for their own best width.
            if (Scaled(block, b))
            {
                (int code, int bytes) = _widths.IsSet
                    ? PatchedBlock.ChooseAt(block, blockBase, _divisor, _divisor.Divide(range), _widths)
                    : PatchedBlock.Choose(block, blockBase, _divisor, _divisor.Divide(range));
                destination[header] = (byte)(code | PackedBlocks.ScaledFlag);
                position += WriteBody(block, blockBase, _divisor, code, bytes, destination[position..]);
            }
            else
            {
                (int code, int bytes) = _widths.IsSet && _divisor.Factor == 1
                    ? PatchedBlock.ChooseAt(block, blockBase, default(UnitDivisor), range, _widths)
                    : PatchedBlock.Choose(block, blockBase, default(UnitDivisor), range);
                destination[header] = (byte)code;
                position += WriteBody(block, blockBase, default(UnitDivisor), code, bytes, destination[position..]);
            }

            if (position > limit)
            {
                written = 0;
                return false;
            }
        }

        if (measure)
        {
            (Min, Max) = (min, max);
        }

        written = position;
        return true;
    }

    /// <summary>Writes a block's body as planned; a length other than the planned one would be a bug, so it throws.</summary>
    private static int WriteBody<TDivisor>(ReadOnlySpan<long> block, long blockBase, TDivisor divisor, int code, int planned, Span<byte> destination)
        where TDivisor : struct, IDivisor
    {
        int written = code < PackedBlocks.PatchedCode
            ? BitPacker.Pack(block, blockBase, divisor, code, destination)
            : PatchedBlock.Write(block, blockBase, divisor, code - PackedBlocks.PatchedCode, destination);
        return written == planned
            ? written
            : throw new InvalidOperationException($"Internal error: a block planned at {planned} bytes took {written}.");
    }

    /// <summary>A reusable table of <paramref name="rows"/> cost rows.</summary>
    private static Span<int> Table(ref int[] table, int rows)
    {
        int length = rows * PatchWidths.TableWidth;
        if (table.Length < length)
        {
            table = new int[length];
        }

        return table.AsSpan(0, length);
    }

    /// <summary>
    /// True when the block is stored divided by the stream's factor: when its own differences share it (so a block
    /// holding a -1 sentinel among multiples of 1000 just goes unscaled).
    /// </summary>
    private bool Scaled(ReadOnlySpan<long> block, int b) =>
        _divisor.Factor > 1 && Range(b) < (1UL << 62) &&
        CommonFactor.Find(block, _bases[b], Range(b)) % _divisor.Factor == 0;

    /// <summary>The exact size of a short stream, with its factor found over all blocks.</summary>
    private long PlanSize<TSource>(scoped TSource source)
        where TSource : IBlockSource, allows ref struct
    {
        Span<long> buffer = stackalloc long[PackedBlocks.BlockSize];
        _divisor = MayHaveFactor(PlainSize()) ? FindFactor(source, 0, 1) : ExactDivisor.One;
        long size = VarInt.Length((ulong)_divisor.Factor);
        long previousBase = 0;
        for (int b = 0; b < _blocks; b++)
        {
            ReadOnlySpan<long> block = source.Block(b, buffer);
            ulong range = Range(b);
            int bytes = _divisor.Factor > 1 && _factors[b] % _divisor.Factor == 0
                ? PatchedBlock.Choose(block, _bases[b], _divisor, _divisor.Divide(range)).Bytes
                : PatchedBlock.Choose(block, _bases[b], default(UnitDivisor), range).Bytes;
            size += VarInt.Length(VarInt.ZigZag(unchecked(_bases[b] - previousBase))) + 1 + bytes;
            previousBase = _bases[b];
        }

        return size;
    }

    /// <summary>A factor can only pay when values take bits to begin with (over 2 per value).</summary>
    private bool MayHaveFactor(long unpatchedBytes) => unpatchedBytes > (_count / 4) + 16;

    /// <summary>Bytes of the stream with every block plain (no patching, no factor); an upper bound of the plan.</summary>
    private long PlainSize()
    {
        long size = 0;
        for (int b = 0; b < _blocks; b++)
        {
            size += 2 + BitPacker.PackedLength(BlockLength(b), Width(Range(b)));
        }

        return size;
    }

    /// <summary>
    /// The stream's factor from the blocks <paramref name="first"/>, <paramref name="first"/> + <paramref name="stride"/>,
    /// ...: each block's own factor (in <c>_factors</c>), then the candidate that saves the most bits over the blocks
    /// it divides; <see cref="ExactDivisor.One"/> when none saves more than its varint costs.
    /// </summary>
    private ExactDivisor FindFactor<TSource>(scoped TSource source, int first, int stride)
        where TSource : IBlockSource, allows ref struct
    {
        Span<long> buffer = stackalloc long[PackedBlocks.BlockSize];
        bool any = false;
        for (int b = first; b < _blocks; b += stride)
        {
            // Below 2^62 the differences the search looks at are exact.
            _factors[b] = Range(b) < (1UL << 62) ? CommonFactor.Find(source.Block(b, buffer), _bases[b], Range(b)) : 1;
            any |= _factors[b] > 1;
        }

        if (!any)
        {
            return ExactDivisor.One;
        }

        // Blocks may share a larger factor by chance (2000 instead of 1000); a handful of candidates is plenty.
        Span<long> candidates = stackalloc long[8];
        int count = 0;
        for (int b = first; b < _blocks && count < candidates.Length; b += stride)
        {
            if (_factors[b] > 1 && !candidates[..count].Contains(_factors[b]))
            {
                candidates[count++] = _factors[b];
            }
        }

        long best = 1, bestSaving = 0;
        foreach (long candidate in candidates[..count])
        {
            long saving = Saving(candidate, first, stride);
            if (saving > bestSaving)
            {
                (best, bestSaving) = (candidate, saving);
            }
        }

        // The factor's varint takes more bytes than factor 1's single byte.
        return bestSaving > 8L * (VarInt.Length((ulong)best) - 1) ? new ExactDivisor(best) : ExactDivisor.One;
    }

    /// <summary>Bits saved by dividing every visited block whose factor is a multiple of <paramref name="factor"/>.</summary>
    private long Saving(long factor, int first, int stride)
    {
        var divisor = new ExactDivisor(factor);
        long saving = 0;
        for (int b = first; b < _blocks; b += stride)
        {
            if (_factors[b] % factor == 0)
            {
                ulong range = Range(b);
                saving += (long)(Width(range) - Width(divisor.Divide(range))) * BlockLength(b);
            }
        }

        return saving;
    }

    private ulong Range(int block) => (ulong)unchecked(_maxima[block] - _bases[block]);

    private int BlockLength(int block) => Math.Min(PackedBlocks.BlockSize, _count - (block * PackedBlocks.BlockSize));

    private static int Width(ulong value) => 64 - BitOperations.LeadingZeroCount(value);
}
