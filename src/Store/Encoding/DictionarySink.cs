using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TraceLab.Store.Encoding;

/// <summary>
/// Maps unpacked dictionary ids to their values inside the unpack loop (one pass instead of two). An id outside the
/// dictionary, possible only in a damaged chunk, yields 0 and marks the sink <see cref="Invalid"/>: a predictable
/// branch instead of an exception in the hot loop.
/// </summary>
internal struct DictionarySink : IValueSink
{
    private readonly long[] _entries;
    private readonly ulong _count;

    public DictionarySink(long[] entries, int count)
    {
        _entries = entries;
        _count = (ulong)Math.Min(count, entries.Length);
    }

    public bool Invalid { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long Next(long value)
    {
        if ((ulong)value < _count)
        {
            return Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_entries), (nint)value);
        }

        Invalid = true;
        return 0;
    }
}
