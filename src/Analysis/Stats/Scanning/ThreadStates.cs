namespace TraceLab.Analysis.Stats.Scanning;

/// <summary>
/// Per-thread pairing state of the userspace scanner within one row group: the thread's first terminator (entry or
/// userspace exit) and its currently open userspace exit. Arrays indexed by a dense thread index, reset per group.
/// </summary>
internal sealed class ThreadStates
{
    private bool[] _firstIsEntry = new bool[16];
    private long[] _firstTimestamp = new long[16];
    private bool[] _open = new bool[16];
    private long[] _openTimestamp = new long[16];
    private int[] _openGroup = new int[16];

    public GroupKeyMap Map { get; } = new();

    public void Clear() => Map.Clear();

    /// <summary>The dense index of a thread; a thread seen for the first time records this terminator as its first.</summary>
    public int Touch(long file, long thread, bool isEntry, long timestamp)
    {
        int index = Map.GetOrAdd(file, thread, out bool added);
        if (added)
        {
            if (index == _open.Length)
            {
                int size = index * 2;
                Array.Resize(ref _firstIsEntry, size);
                Array.Resize(ref _firstTimestamp, size);
                Array.Resize(ref _open, size);
                Array.Resize(ref _openTimestamp, size);
                Array.Resize(ref _openGroup, size);
            }

            _firstIsEntry[index] = isEntry;
            _firstTimestamp[index] = timestamp;
            _open[index] = false;
        }

        return index;
    }

    public bool IsOpen(int thread) => _open[thread];

    public long OpenTimestamp(int thread) => _openTimestamp[thread];

    public int OpenGroup(int thread) => _openGroup[thread];

    public void Open(int thread, long timestamp, int group)
    {
        _open[thread] = true;
        _openTimestamp[thread] = timestamp;
        _openGroup[thread] = group;
    }

    public void Close(int thread) => _open[thread] = false;

    /// <summary>Writes what the row group leaves for its neighbours.</summary>
    public UserspaceBoundary ToBoundary(PartialStats partial)
    {
        var boundary = new UserspaceBoundary();
        IReadOnlyList<GroupKey> threads = Map.Keys;
        for (int t = 0; t < threads.Count; t++)
        {
            GroupKey thread = threads[t];
            boundary.Firsts.Add(new ThreadFirst(thread.Primary, thread.Secondary, _firstIsEntry[t], _firstTimestamp[t]));
            if (_open[t])
            {
                boundary.Open.Add(new OpenUserspaceExit(thread.Primary, thread.Secondary, _openTimestamp[t], partial.Groups.Keys[_openGroup[t]]));
            }
        }

        return boundary;
    }
}
