using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace TraceLab.Ingest.Chunks;

/// <summary>
/// Interns short byte strings (task names, event names, reason texts) to dense ids without allocating for strings
/// already seen: an open-addressing table keyed by a cheap word-at-a-time hash, verified by comparing the stored
/// bytes; a string is decoded only on first sight. Runs twice per input line, so it is written for speed.
/// Not thread-safe: each chunk parser owns one, and the merge step maps its ids to the store's pools.
/// </summary>
internal sealed class ByteStringTable
{
    private readonly List<byte[]> _keys = [];
    private readonly List<string> _values = [];
    private int[] _slots = new int[64];
    private ulong[] _hashes = new ulong[64];
    private int _lastId = -1;

    public int Count => _values.Count;

    public IReadOnlyList<string> Values => _values;

    /// <summary>True when the string with id <paramref name="id"/> is exactly <paramref name="bytes"/>.</summary>
    public bool Matches(int id, ReadOnlySpan<byte> bytes) => bytes.SequenceEqual(_keys[id]);

    /// <summary>Returns the id of <paramref name="bytes"/>, adding it when new.</summary>
    public int Intern(ReadOnlySpan<byte> bytes)
    {
        // Consecutive lines often repeat the task or event: check the last hit first.
        int last = _lastId;
        if (last >= 0 && bytes.SequenceEqual(_keys[last]))
        {
            return last;
        }

        ulong hash = Hash(bytes);
        int mask = _slots.Length - 1;
        int i = (int)(hash & (ulong)mask);
        while (true)
        {
            int slot = _slots[i];
            if (slot == 0)
            {
                return Add(bytes, hash, i);
            }

            if (_hashes[i] == hash && bytes.SequenceEqual(_keys[slot - 1]))
            {
                _lastId = slot - 1;
                return slot - 1;
            }

            i = (i + 1) & mask;
        }
    }

    private int Add(ReadOnlySpan<byte> bytes, ulong hash, int slotIndex)
    {
        int id = _values.Count;
        _keys.Add(bytes.ToArray());
        _values.Add(Encoding.UTF8.GetString(bytes));
        _slots[slotIndex] = id + 1;
        _hashes[slotIndex] = hash;
        _lastId = id;
        if (_values.Count * 2 > _slots.Length)
        {
            Grow();
        }

        return id;
    }

    private void Grow()
    {
        int[] oldSlots = _slots;
        ulong[] oldHashes = _hashes;
        _slots = new int[oldSlots.Length * 2];
        _hashes = new ulong[oldSlots.Length * 2];
        int mask = _slots.Length - 1;
        for (int j = 0; j < oldSlots.Length; j++)
        {
            if (oldSlots[j] == 0)
            {
                continue;
            }

            int i = (int)(oldHashes[j] & (ulong)mask);
            while (_slots[i] != 0)
            {
                i = (i + 1) & mask;
            }

            _slots[i] = oldSlots[j];
            _hashes[i] = oldHashes[j];
        }
    }

    /// <summary>A multiply-rotate hash over 8-byte words (names are short; quality only needs to spread a few hundred keys).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Hash(ReadOnlySpan<byte> bytes)
    {
        const ulong K = 0x9E37_79B9_7F4A_7C15;
        ulong h = (ulong)bytes.Length * K;
        while (bytes.Length >= 8)
        {
            h = BitOperations.RotateLeft((h ^ MemoryMarshal.Read<ulong>(bytes)) * K, 29);
            bytes = bytes[8..];
        }

        ulong tail = 0;
        for (int i = 0; i < bytes.Length; i++)
        {
            tail |= (ulong)bytes[i] << (8 * i);
        }

        h = BitOperations.RotateLeft((h ^ tail) * K, 29);
        return h ^ (h >> 32);
    }
}
