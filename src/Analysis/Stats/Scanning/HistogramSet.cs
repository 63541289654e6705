using System.Runtime.CompilerServices;
using TraceLab.Analysis.Histograms;

namespace TraceLab.Analysis.Stats.Scanning;

/// <summary>
/// The histograms of all of one worker's groups in one flat chunk table (group · 55 + chunk), with the bucket layout
/// of <see cref="LogLinearHistogram"/>. A run of one group's values only touches that group's 55 chunk pointers and
/// its counters, instead of walking accumulator → histogram → chunk objects per value.
/// </summary>
internal sealed class HistogramSet
{
    private const int ChunkCount = LogLinearHistogram.ChunkCount;

    private long[]?[] _chunks = new long[16 * ChunkCount][];

    /// <summary>
    /// Adds a run of one group's values, skipping negative ones (unpaired exits), and returns their count, sum, min
    /// and max in the same pass. Only that group's 55 chunk pointers and its counters are touched.
    /// </summary>
    public RunTotals AddRun(int group, ReadOnlySpan<long> values)
    {
        Span<long[]?> chunks = _chunks.AsSpan(group * ChunkCount, ChunkCount);
        long total = 0, min = long.MaxValue, max = long.MinValue;
        int skipped = 0;
        foreach (long value in values)
        {
            if (value < 0)
            {
                skipped++;
                continue;
            }

            total += value;
            min = Math.Min(min, value);
            max = Math.Max(max, value);
            int chunk = LogLinearHistogram.ChunkOf(value, out int index);
            long[]? counts = chunks[chunk];
            if (counts is null)
            {
                counts = Allocate(group, chunk);
            }

            counts[index]++;
        }

        return new RunTotals(values.Length - skipped, total, min, max);
    }

    /// <summary>Makes room for groups [0, count).</summary>
    public void EnsureGroups(int count)
    {
        if (count * ChunkCount > _chunks.Length)
        {
            Array.Resize(ref _chunks, Math.Max(count, _chunks.Length / ChunkCount * 2) * ChunkCount);
        }
    }

    /// <summary>Adds a group's counts to a histogram.</summary>
    public void AddTo(int group, LogLinearHistogram target)
    {
        for (int c = 0; c < ChunkCount; c++)
        {
            if (_chunks[(group * ChunkCount) + c] is { } counts)
            {
                target.AddChunk(c, counts);
            }
        }
    }

    /// <summary>What <see cref="AddRun"/> saw: the non-negative values' count, sum, min and max.</summary>
    public readonly record struct RunTotals(int Count, long Total, long Min, long Max);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private long[] Allocate(int group, int chunk) =>
        _chunks[(group * ChunkCount) + chunk] = new long[LogLinearHistogram.ChunkLength(chunk)];
}
