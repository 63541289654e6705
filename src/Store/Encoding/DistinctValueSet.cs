using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TraceLab.Store.Encoding;

/// <summary>
/// Finds the distinct values of a chunk for the dictionary encoding, giving up as soon as there are more than a
/// limit. Values within a small range (cpu, task, vcpu ids) index a table directly, whose generation stamps save
/// clearing it. Others go through an open-addressing hash table twice the size of the largest limit, so it is at
/// most half full. Its slots are 4 bytes, a fingerprint of the hash and the value's id (the values themselves are
/// kept densely, in first-seen order): the whole table is 32 KB, since in a real ingest it is out of cache at every
/// chunk (the other columns and the parser threads evict it), and a wide dictionary such as a0's touches most of it.
/// Only the slots a build filled are emptied afterwards, which keeps a failed attempt cheap.
/// </summary>
internal sealed class DistinctValueSet
{
    public const int MaxCount = 4096;

    private const int TableBits = 13;
    private const int TableSize = 1 << TableBits;
    private const int TableMask = TableSize - 1;
    /// <summary>Values spanning less than this index a table directly; wider ones are hashed.</summary>
    public const int DirectRange = 1 << 14;
    private const int SampleRows = 1024;

    private const int IdBits = 13;
    private const uint IdMask = (1u << IdBits) - 1;
    private const int FingerprintBits = 32 - IdBits;

    private readonly uint[] _slots = new uint[TableSize];
    private readonly long[] _keys = new long[MaxCount];
    private readonly int[] _ranks = new int[MaxCount];
    private readonly int[] _order = new int[MaxCount];
    private readonly int[] _directStamps = new int[DirectRange];
    private readonly int[] _directIds = new int[DirectRange];
    private readonly int[] _occupied = new int[MaxCount];
    private readonly long[] _keyScratch = new long[MaxCount];
    private readonly int[] _orderScratch = new int[MaxCount];
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

    /// <summary>
    /// <see cref="TryBuild"/> for values known to span <see cref="DirectRange"/> or more, without their extremes:
    /// they are the dictionary's first and last entries. (Narrower values would do too, only slower.)
    /// </summary>
    public int TryBuildWide(ReadOnlySpan<long> values, int limit, Span<long> ids, Span<long> dictionary) =>
        TryBuildHashed(values, Math.Min(limit, MaxCount), ids, dictionary);

    private int TryBuildDirect(ReadOnlySpan<long> values, long min, int limit, Span<long> ids, Span<long> dictionary)
    {
        // Every value lies in [min, min + _directRange), so the tables are indexed through refs without bounds checks.
        int generation = _generation;
        ref int stamps = ref MemoryMarshal.GetArrayDataReference(_directStamps);
        int count = 0;
        foreach (long v in values)
        {
            ref int stamp = ref Unsafe.Add(ref stamps, (nint)(v - min));
            if (stamp != generation)
            {
                if (count == limit)
                {
                    return -1;
                }

                stamp = generation;
                _occupied[count++] = (int)(v - min);
            }
        }

        // Every value of the range present: ids would equal value - min, the frame-of-reference stream, plus a
        // dictionary. It cannot win.
        if (count == _directRange)
        {
            return -1;
        }

        // Sorted slots are sorted values; a slot's rank is the value's id. Many values in a narrow range are put in
        // order by walking the range (a load per slot) rather than by sorting them (a mispredicted branch per compare).
        if (count * 32 >= _directRange)
        {
            int k = 0;
            for (int slot = 0; slot < _directRange; slot++)
            {
                if (_directStamps[slot] == generation)
                {
                    dictionary[k] = min + slot;
                    _directIds[slot] = k++;
                }
            }
        }
        else
        {
            Span<int> slots = _occupied.AsSpan(0, count);
            slots.Sort();
            for (int k = 0; k < count; k++)
            {
                dictionary[k] = min + slots[k];
                _directIds[slots[k]] = k;
            }
        }

        ref int directIds = ref MemoryMarshal.GetArrayDataReference(_directIds);
        for (int i = 0; i < values.Length; i++)
        {
            ids[i] = Unsafe.Add(ref directIds, (nint)(values[i] - min));
        }

        return count;
    }

    private int TryBuildHashed(ReadOnlySpan<long> values, int limit, Span<long> ids, Span<long> dictionary)
    {
        // Probing compares fingerprints only, a single load per probe; the values are compared once every row has
        // an id (in Rank), and a fingerprint that two values share, which takes a 32-bit hash collision, sends the
        // chunk through the probing that compares values as well.
        int count = Probe<Unverified>(values, limit, ids);
        if (count >= 0)
        {
            count = Rank(values, count, ids, dictionary);
            if (count < 0)
            {
                count = Probe<Verified>(values, limit, ids);
                count = count < 0 ? count : Rank(values, count, ids, dictionary);
            }
        }

        return count;
    }

    /// <summary>
    /// Gives every row the id of its value (the order of first appearance) in <paramref name="ids"/>, and returns
    /// the number of distinct values, or -1 past <paramref name="limit"/>. The table is emptied again either way.
    /// </summary>
    private int Probe<TCheck>(ReadOnlySpan<long> values, int limit, Span<long> ids)
        where TCheck : struct, IProbeCheck
    {
        // A slot is 0 when empty, else the fingerprint (hash bits below those that index the table) above id + 1.
        // Slots are masked to the table size, so the probes index through refs without bounds checks.
        ref uint slots = ref MemoryMarshal.GetArrayDataReference(_slots);
        ref long keys = ref MemoryMarshal.GetArrayDataReference(_keys);
        int count = 0;
        for (int i = 0; i < values.Length; i++)
        {
            // A column whose first rows are mostly distinct (timestamps, offsets) will not fit a useful dictionary;
            // finding that out after 1,024 rows rather than 4,096 distinct values saves most of the probing.
            if (i == SampleRows && count > SampleRows * 3 / 4)
            {
                return Empty(count);
            }

            // No shortcut for runs of one value: the test mispredicts wherever runs are short, and costs more than
            // the probe it saves (a repeated value's slot is in L1 anyway).
            long v = values[i];
            ulong hash = (ulong)v * 0x9E37_79B9_7F4A_7C15UL;
            int slot = (int)(hash >> (64 - TableBits));
            uint fingerprint = (uint)(hash >> (64 - TableBits - FingerprintBits)) << IdBits;
            int id;
            while (true)
            {
                uint entry = Unsafe.Add(ref slots, slot);
                if (entry == 0)
                {
                    if (count == limit)
                    {
                        return Empty(count);
                    }

                    id = count;
                    Unsafe.Add(ref keys, count) = v;
                    _occupied[count++] = slot;
                    Unsafe.Add(ref slots, slot) = fingerprint | (uint)count;
                    break;
                }

                if ((entry & ~IdMask) == fingerprint && default(TCheck).Same(Unsafe.Add(ref keys, (int)(entry & IdMask) - 1), v))
                {
                    id = (int)(entry & IdMask) - 1;
                    break;
                }

                slot = (slot + 1) & TableMask;
            }

            ids[i] = id;
        }

        Empty(count);
        return count;
    }

    /// <summary>
    /// Sorts the <paramref name="count"/> distinct values into <paramref name="dictionary"/> and turns every row's
    /// id into its value's rank there, checking on the way that the row's value is its id's; returns
    /// <paramref name="count"/>, or -1 when one is not (two values shared a fingerprint).
    /// </summary>
    private int Rank(ReadOnlySpan<long> values, int count, Span<long> ids, Span<long> dictionary)
    {
        Span<long> sorted = dictionary[..count];
        _keys.AsSpan(0, count).CopyTo(sorted);
        long min = long.MaxValue;
        foreach (long key in sorted)
        {
            min = Math.Min(min, key);
        }

        Span<int> order = _order.AsSpan(0, count);
        for (int k = 0; k < count; k++)
        {
            order[k] = k;
        }

        RadixSort.Sort(sorted, order, min, _keyScratch, _orderScratch);
        ref int ranks = ref MemoryMarshal.GetArrayDataReference(_ranks);
        for (int k = 0; k < count; k++)
        {
            Unsafe.Add(ref ranks, order[k]) = k;
        }

        // Ids are below count (at most MaxCount), so they index the arrays without bounds checks.
        ref long keys = ref MemoryMarshal.GetArrayDataReference(_keys);
        long differ = 0;
        for (int i = 0; i < ids.Length; i++)
        {
            nint id = (nint)ids[i];
            differ |= Unsafe.Add(ref keys, id) ^ values[i];
            ids[i] = Unsafe.Add(ref ranks, id);
        }

        return differ == 0 ? count : -1;
    }

    /// <summary>Empties the slots the first <paramref name="count"/> distinct values took; returns -1.</summary>
    private int Empty(int count)
    {
        foreach (int slot in _occupied.AsSpan(0, count))
        {
            _slots[slot] = 0;
        }

        return -1;
    }

    /// <summary>Whether probing compares the values of equal fingerprints; a struct per case, so neither costs a branch.</summary>
    private interface IProbeCheck
    {
        bool Same(long key, long value);
    }

    private readonly struct Unverified : IProbeCheck
    {
        public bool Same(long key, long value) => true;
    }

    private readonly struct Verified : IProbeCheck
    {
        public bool Same(long key, long value) => key == value;
    }
}
