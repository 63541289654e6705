using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TraceLab.Store.Encoding;

/// <summary>
/// Finds the distinct values of a chunk for the dictionary encoding, giving up as soon as there are more than a
/// limit. Values within a small range (cpu, task, vcpu ids) index a table directly; others go through an
/// open-addressing hash table twice the size of the largest limit, so it is at most half full. Generation stamps
/// instead of clearing keep a failed attempt on a high-cardinality column down to a few thousand probes.
/// </summary>
internal sealed class DistinctValueSet
{
    public const int MaxCount = 4096;

    private const int TableBits = 13;
    private const int TableSize = 1 << TableBits;
    private const int TableMask = TableSize - 1;
    private const int DirectRange = 1 << 14;
    private const int SampleRows = 1024;

    private readonly long[] _keys = new long[TableSize];
    private readonly int[] _stamps = new int[TableSize];
    private readonly int[] _slotIds = new int[TableSize];
    private readonly int[] _directStamps = new int[DirectRange];
    private readonly int[] _directIds = new int[DirectRange];
    private readonly int[] _occupied = new int[MaxCount];
    private int _generation;
    private int _directRange;

    /// <summary>
    /// Builds the sorted dictionary of <paramref name="values"/> (whose extremes are <paramref name="min"/> and
    /// <paramref name="max"/>) into <paramref name="dictionary"/> and each row's dictionary id into
    /// <paramref name="ids"/>; returns the number of distinct values, or -1 when there are more than
    /// <paramref name="limit"/> (at most <see cref="MaxCount"/>).
    /// </summary>
    public int TryBuild(ReadOnlySpan<long> values, long min, long max, int limit, Span<long> ids, Span<long> dictionary)
    {
        limit = Math.Min(limit, MaxCount);
        if (++_generation == int.MaxValue)
        {
            Array.Clear(_stamps);
            Array.Clear(_directStamps);
            _generation = 1;
        }

        ulong range = (ulong)unchecked(max - min);
        if (range < DirectRange)
        {
            _directRange = (int)range + 1;
            return TryBuildDirect(values, min, limit, ids, dictionary);
        }

        return TryBuildHashed(values, limit, ids, dictionary);
    }

    private int TryBuildDirect(ReadOnlySpan<long> values, long min, int limit, Span<long> ids, Span<long> dictionary)
    {
        int generation = _generation;
        int[] stamps = _directStamps;
        int count = 0;
        foreach (long v in values)
        {
            int slot = (int)(v - min);
            if (stamps[slot] != generation)
            {
                if (count == limit)
                {
                    return -1;
                }

                stamps[slot] = generation;
                _occupied[count++] = slot;
            }
        }

        // Every value of the range present: ids would equal value - min, the frame-of-reference stream, plus a
        // dictionary. It cannot win.
        if (count == _directRange)
        {
            return -1;
        }

        // Sorted slots are sorted values; a slot's rank is the value's id.
        Span<int> slots = _occupied.AsSpan(0, count);
        slots.Sort();
        for (int k = 0; k < count; k++)
        {
            dictionary[k] = min + slots[k];
            _directIds[slots[k]] = k;
        }

        int[] directIds = _directIds;
        for (int i = 0; i < values.Length; i++)
        {
            ids[i] = directIds[(int)(values[i] - min)];
        }

        return count;
    }

    private int TryBuildHashed(ReadOnlySpan<long> values, int limit, Span<long> ids, Span<long> dictionary)
    {
        // Slots are masked to the table size, so the probes index through refs without bounds checks.
        int generation = _generation;
        ref long keys = ref MemoryMarshal.GetArrayDataReference(_keys);
        ref int stamps = ref MemoryMarshal.GetArrayDataReference(_stamps);
        int count = 0;
        long previous = 0;
        int previousSlot = -1;
        for (int i = 0; i < values.Length; i++)
        {
            // A column whose first rows are mostly distinct (timestamps, offsets) will not fit a useful dictionary;
            // finding that out after 1,024 rows rather than 4,096 distinct values saves most of the probing.
            if (i == SampleRows && count > SampleRows * 3 / 4)
            {
                return -1;
            }

            long v = values[i];

            // Runs of one value are common (rip while a vCPU spins on one instruction); skip the hash for them.
            if (v == previous && previousSlot >= 0)
            {
                ids[i] = previousSlot;
                continue;
            }

            int slot = (int)(((ulong)v * 0x9E37_79B9_7F4A_7C15UL) >> (64 - TableBits));
            while (true)
            {
                if (Unsafe.Add(ref stamps, slot) != generation)
                {
                    if (count == limit)
                    {
                        return -1;
                    }

                    Unsafe.Add(ref stamps, slot) = generation;
                    Unsafe.Add(ref keys, slot) = v;
                    _occupied[count++] = slot;
                    break;
                }

                if (Unsafe.Add(ref keys, slot) == v)
                {
                    break;
                }

                slot = (slot + 1) & TableMask;
            }

            ids[i] = slot;
            previous = v;
            previousSlot = slot;
        }

        // Sort the distinct values, then turn each row's slot into the value's rank in the sorted dictionary.
        Span<long> sorted = dictionary[..count];
        for (int k = 0; k < count; k++)
        {
            sorted[k] = _keys[_occupied[k]];
        }

        sorted.Sort();
        for (int k = 0; k < count; k++)
        {
            int slot = _occupied[k];
            _slotIds[slot] = sorted.BinarySearch(_keys[slot]);
        }

        ref int slotIds = ref MemoryMarshal.GetArrayDataReference(_slotIds);
        for (int i = 0; i < ids.Length; i++)
        {
            ids[i] = Unsafe.Add(ref slotIds, (nint)ids[i]);
        }

        return count;
    }
}
