using System.Runtime.Intrinsics;

namespace TraceLab.Store.Encoding;

/// <summary>
/// The two patch widths the blocks of a long packed stream choose between (each block takes whichever of plain, patched
/// at <see cref="First"/> and patched at <see cref="Second"/> is smallest), picked from the estimate's sample. A
/// stream's blocks mostly want the same width (a0's 3-bit enums under 48-bit addresses, a timestamp's usual gap), so
/// one vector pass counting the exceptions at two widths replaces a search over all widths per block, which needs a
/// histogram of every value's width. On the benchmark trace the streams grow by about 0.4 % against each block's
/// own best width.
/// </summary>
internal readonly record struct PatchWidths(int First, int Second)
{
    /// <summary>Entries per block in a cost table: widths 0 to 64.</summary>
    public const int TableWidth = PackedBlocks.MaxWidth + 1;

    /// <summary>No widths: each block searches for its own best width (short streams, whose sample is all of them).</summary>
    public static PatchWidths None => new(-1, -1);

    public bool IsSet => First >= 0;

    /// <summary>
    /// The pair of widths that makes the sampled blocks smallest: the best single width, then the width that saves
    /// most beside it. <paramref name="costs"/> holds <paramref name="blocks"/> rows of <see cref="TableWidth"/>
    /// body sizes (<see cref="PatchedBlock.Costs"/>); <paramref name="total"/> is the blocks' size with the pair.
    /// </summary>
    public static PatchWidths Pick(ReadOnlySpan<int> costs, int blocks, out long total)
    {
        // Sums of at most a few dozen rows of block sizes fit an int.
        Span<int> totals = stackalloc int[TableWidth];
        totals.Clear();
        for (int b = 0; b < blocks; b++)
        {
            Add(totals, costs.Slice(b * TableWidth, TableWidth));
        }

        int first = 0;
        for (int w = 1; w < TableWidth; w++)
        {
            first = totals[w] < totals[first] ? w : first;
        }

        // withBoth[w]: the sampled blocks' size when each takes the smaller of widths first and w.
        Span<int> withBoth = stackalloc int[TableWidth];
        withBoth.Clear();
        for (int b = 0; b < blocks; b++)
        {
            ReadOnlySpan<int> row = costs.Slice(b * TableWidth, TableWidth);
            AddMin(withBoth, row, row[first]);
        }

        int second = first;
        for (int w = 0; w < TableWidth; w++)
        {
            second = withBoth[w] < withBoth[second] ? w : second;
        }

        total = withBoth[second];
        return new PatchWidths(first, second);
    }

    private static void Add(Span<int> sums, ReadOnlySpan<int> row)
    {
        int w = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; w + Vector256<int>.Count <= TableWidth; w += Vector256<int>.Count)
            {
                (Vector256.Create(sums.Slice(w, Vector256<int>.Count)) + Vector256.Create(row.Slice(w, Vector256<int>.Count))).CopyTo(sums[w..]);
            }
        }

        for (; w < TableWidth; w++)
        {
            sums[w] += row[w];
        }
    }

    private static void AddMin(Span<int> sums, ReadOnlySpan<int> row, int cap)
    {
        int w = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<int> caps = Vector256.Create(cap);
            for (; w + Vector256<int>.Count <= TableWidth; w += Vector256<int>.Count)
            {
                (Vector256.Create(sums.Slice(w, Vector256<int>.Count)) + Vector256.Min(Vector256.Create(row.Slice(w, Vector256<int>.Count)), caps)).CopyTo(sums[w..]);
            }
        }

        for (; w < TableWidth; w++)
        {
            sums[w] += Math.Min(row[w], cap);
        }
    }
}
