namespace TraceLab.Analysis.Stats.Scanning;

/// <summary>
/// What one event row group leaves for its neighbours when pairing a userspace exit with the next kvm_entry of its
/// thread: the first "terminator" (entry or userspace exit) of each thread, which may close a userspace exit left
/// open by an earlier group, and the userspace exits still open at the group's end. Row groups are scanned in
/// parallel; <see cref="UserspaceStitcher"/> joins these in row order afterwards.
/// </summary>
internal sealed class UserspaceBoundary
{
    public List<ThreadFirst> Firsts { get; } = [];

    public List<OpenUserspaceExit> Open { get; } = [];
}

/// <summary>A thread's first entry or userspace exit in a row group.</summary>
internal readonly record struct ThreadFirst(long File, long Thread, bool IsEntry, long Timestamp);

/// <summary>A userspace exit with no entry after it in its row group; <see cref="Key"/> is its report group.</summary>
internal readonly record struct OpenUserspaceExit(long File, long Thread, long Timestamp, GroupKey Key);
