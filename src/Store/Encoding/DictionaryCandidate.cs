using System.Buffers.Binary;

namespace TraceLab.Store.Encoding;

/// <summary>
/// The dictionary encoding as a candidate of <see cref="ColumnEncoder"/>: finds a chunk's sorted distinct values and
/// each row's id (<see cref="DistinctValueSet"/>), and writes the payload to a staging buffer (the count, the
/// dictionary like a delta payload, then the ids' packed stream), giving up as soon as it cannot win. Reuses its
/// buffers between chunks; not thread-safe.
/// </summary>
internal sealed class DictionaryCandidate
{
    private const int SampleRows = 1024;

    private readonly PackedBlockPlan _idPlan = new();
    private readonly PackedBlockPlan _gapPlan = new();
    private readonly DistinctValueSet _distinct = new();
    private readonly long[] _dictionary = new long[DistinctValueSet.MaxCount];
    private readonly long[] _gaps = new long[DistinctValueSet.MaxCount];
    private long[] _ids = [];
    private byte[] _payload = [];

    /// <summary>The factor and patch widths of the ids' stream measured last, for <see cref="ColumnHistory"/>.</summary>
    public PackedStreamParameters IdParameters => _idPlan.Parameters;

    /// <summary>The smallest value of the chunk measured last (its dictionary's first entry), if it had a dictionary.</summary>
    public long Min { get; private set; }

    /// <summary>The largest value of the chunk measured last, if it had a dictionary.</summary>
    public long Max { get; private set; }

    /// <summary>
    /// Writes the dictionary payload of <paramref name="values"/> (whose extremes are <paramref name="min"/> and
    /// <paramref name="max"/>) to the staging buffer and returns its size; long.MaxValue when a sample shows it
    /// will not come clearly below <paramref name="best"/>, or it has too many distinct values, or its header alone
    /// reaches <paramref name="best"/>, or the payload passes <paramref name="limit"/>. With
    /// <paramref name="idParameters"/> (the column's last dictionary), there is no sample check and the ids' stream
    /// is written with them instead of estimated.
    /// </summary>
    public long Measure(ReadOnlySpan<long> values, long min, long max, long best, long limit, PackedStreamParameters? idParameters = null) =>
        Build(values, min, max, wide: false, best, limit, idParameters);

    /// <summary>
    /// <see cref="Measure(ReadOnlySpan{long}, long, long, long, long, PackedStreamParameters?)"/> again, for values
    /// whose column's last dictionary was wide (<see cref="DistinctValueSet.TryBuildWide"/>): their extremes are not
    /// needed first, so the values are read once; they come out in <see cref="Min"/> and <see cref="Max"/>.
    /// </summary>
    public long MeasureWide(ReadOnlySpan<long> values, long best, PackedStreamParameters idParameters) =>
        Build(values, 0, 0, wide: true, best, best, idParameters);

    private long Build(ReadOnlySpan<long> values, long min, long max, bool wide, long best, long limit, PackedStreamParameters? idParameters)
    {
        int n = values.Length;
        if (_ids.Length < n)
        {
            _ids = new long[Math.Max(n, 1024)];
        }

        if (idParameters is null && !LooksPromising(values, min, max, best))
        {
            return long.MaxValue;
        }

        // Past n/2 distinct values the dictionary itself costs more than the ids save.
        int distinct = wide
            ? _distinct.TryBuildWide(values, n / 2, _ids.AsSpan(0, n), _dictionary)
            : _distinct.TryBuild(values, min, max, n / 2, _ids.AsSpan(0, n), _dictionary);
        if (distinct < 0)
        {
            return long.MaxValue;
        }

        (Min, Max) = (_dictionary[0], _dictionary[distinct - 1]);

        ReadOnlySpan<long> gaps = _gaps.AsSpan(0, distinct - 1);
        for (int k = 0; k + 1 < distinct; k++)
        {
            _gaps[k] = unchecked(_dictionary[k + 1] - _dictionary[k]);
        }

        // At most 4,095 gaps: the estimate of so short a stream is its exact size.
        _gapPlan.MeasureRanges(gaps);
        long headerSize = VarInt.Length((ulong)distinct) + 8L + _gapPlan.Estimate(new ValueBlocks(gaps));
        if (headerSize >= best)
        {
            return long.MaxValue;
        }

        // The ids' estimate is not needed as a size, but it picks the stream's patch widths (unless given).
        ReadOnlySpan<long> ids = _ids.AsSpan(0, n);
        _idPlan.MeasureRanges(ids);
        if (idParameters is { } given)
        {
            _idPlan.Reuse(given);
        }
        else
        {
            _idPlan.Estimate(new ValueBlocks(ids));
        }

        int capacity = (int)headerSize + _idPlan.Capacity(limit - headerSize);
        if (_payload.Length < capacity)
        {
            _payload = new byte[Math.Max(capacity, _payload.Length * 2)];
        }

        Span<byte> destination = _payload;
        int position = 0;
        VarInt.Write(destination, ref position, (ulong)distinct);
        BinaryPrimitives.WriteInt64LittleEndian(destination[position..], _dictionary[0]);
        position += 8;
        _gapPlan.WriteExact(new ValueBlocks(gaps), long.MaxValue, destination[position..], out int written);
        position += written;
        return _idPlan.WriteExact(new ValueBlocks(ids), limit - position, destination[position..], out written)
            ? position + written
            : long.MaxValue;
    }

    /// <summary>Copies the payload <see cref="Measure(ReadOnlySpan{long}, long, long, long, long, PackedStreamParameters?)"/> or <see cref="MeasureWide"/> staged (<paramref name="size"/> bytes); returns its length.</summary>
    public int CopyTo(long size, Span<byte> destination)
    {
        _payload.AsSpan(0, (int)size).CopyTo(destination);
        return (int)size;
    }

    /// <summary>
    /// Builds the dictionary of the first <see cref="SampleRows"/> rows only and says whether their ids are clearly
    /// narrower than the best other encoding's average. Failed full attempts cost several ns per value; a sample
    /// costs a few µs per chunk, and most columns (cpu, kind, timestamps) fail it. Small chunks skip the check.
    /// </summary>
    private bool LooksPromising(ReadOnlySpan<long> values, long min, long max, long best)
    {
        if (values.Length < 4 * SampleRows)
        {
            return true;
        }

        Span<long> ids = _ids.AsSpan(0, SampleRows);
        if (_distinct.TryBuild(values[..SampleRows], min, max, SampleRows / 2, ids, _dictionary) < 0)
        {
            return false;
        }

        _idPlan.MeasureRanges(ids);
        double sampleIdBits = _idPlan.Estimate(new ValueBlocks(ids)) * 8.0 / SampleRows;
        double bestBits = best * 8.0 / values.Length;
        return sampleIdBits < bestBits * 0.9;
    }
}
