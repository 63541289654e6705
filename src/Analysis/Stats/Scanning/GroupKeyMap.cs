using System.Runtime.CompilerServices;

namespace TraceLab.Analysis.Stats.Scanning;

/// <summary>
/// (long, long) → dense index, open addressing with linear probing over one array of entries. The scanners look up
/// every row, so a lookup is one multiply-shift hash and, almost always, one entry (one cache line) compared.
/// </summary>
internal sealed class GroupKeyMap
{
    private Entry[] _entries;
    private int _shift;
    private readonly List<GroupKey> _keys = [];

    public GroupKeyMap()
    {
        _entries = new Entry[64];
        _shift = 64 - 6;
    }

    public int Count => _keys.Count;

    /// <summary>The keys in the order they were added (dense index order).</summary>
    public IReadOnlyList<GroupKey> Keys => _keys;

    /// <summary>The dense index of the key; a new key gets the next index and <paramref name="added"/> = true.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int GetOrAdd(long primary, long secondary, out bool added)
    {
        Entry[] entries = _entries;
        int slot = Slot(primary, secondary, _shift);
        while (true)
        {
            ref Entry entry = ref entries[slot];
            if (entry.Index == 0)
            {
                added = true;
                return Add(primary, secondary);
            }

            if (entry.Primary == primary && entry.Secondary == secondary)
            {
                added = false;
                return entry.Index - 1;
            }

            slot = (slot + 1) & (entries.Length - 1);
        }
    }

    /// <summary>The dense index of the key, or -1.</summary>
    public int IndexOf(long primary, long secondary)
    {
        int slot = Slot(primary, secondary, _shift);
        while (true)
        {
            ref Entry entry = ref _entries[slot];
            if (entry.Index == 0)
            {
                return -1;
            }

            if (entry.Primary == primary && entry.Secondary == secondary)
            {
                return entry.Index - 1;
            }

            slot = (slot + 1) & (_entries.Length - 1);
        }
    }

    public void Clear()
    {
        Array.Clear(_entries);
        _keys.Clear();
    }

    // Fibonacci hashing: the top bits of the product mix every input bit.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Slot(long primary, long secondary, int shift) =>
        (int)((((ulong)primary * 0x9E3779B97F4A7C15UL) ^ ((ulong)secondary * 0xC2B2AE3D27D4EB4FUL)) >> shift);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private int Add(long primary, long secondary)
    {
        _keys.Add(new GroupKey(primary, secondary));
        if (_keys.Count * 2 > _entries.Length)
        {
            _entries = new Entry[_entries.Length * 2];
            _shift--;
            for (int i = 0; i < _keys.Count; i++)
            {
                Insert(_keys[i].Primary, _keys[i].Secondary, i);
            }
        }
        else
        {
            Insert(primary, secondary, _keys.Count - 1);
        }

        return _keys.Count - 1;
    }

    private void Insert(long primary, long secondary, int index)
    {
        int slot = Slot(primary, secondary, _shift);
        while (_entries[slot].Index != 0)
        {
            slot = (slot + 1) & (_entries.Length - 1);
        }

        _entries[slot] = new Entry { Primary = primary, Secondary = secondary, Index = index + 1 };
    }

    private struct Entry
    {
        public long Primary;
        public long Secondary;
        public int Index; // dense index + 1; 0 = empty
    }
}
