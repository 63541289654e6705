namespace TraceLab.Analysis.Stats.Scanning;

/// <summary>
/// Counts per code for a handful of distinct codes (userspace exit reasons): a linear scan over a short array beats a
/// dictionary at this size and allocates nothing per add.
/// </summary>
internal sealed class CodeCounter
{
    private long[] _codes = new long[4];
    private long[] _counts = new long[4];
    private int _length;

    public int Length => _length;

    public void Add(long code, long count = 1)
    {
        for (int i = 0; i < _length; i++)
        {
            if (_codes[i] == code)
            {
                _counts[i] += count;
                return;
            }
        }

        if (_length == _codes.Length)
        {
            Array.Resize(ref _codes, _length * 2);
            Array.Resize(ref _counts, _length * 2);
        }

        _codes[_length] = code;
        _counts[_length] = count;
        _length++;
    }

    public void Merge(CodeCounter other)
    {
        for (int i = 0; i < other._length; i++)
        {
            Add(other._codes[i], other._counts[i]);
        }
    }

    /// <summary>The counts as report entries, by count descending, then code.</summary>
    public List<UserspaceCount> ToSortedList()
    {
        var list = new List<UserspaceCount>(_length);
        for (int i = 0; i < _length; i++)
        {
            list.Add(new UserspaceCount(UserspaceCode.Label(_codes[i]), _codes[i], _counts[i]));
        }

        list.Sort(static (x, y) => x.Count != y.Count ? y.Count.CompareTo(x.Count) : x.Code.CompareTo(y.Code));
        return list;
    }
}
