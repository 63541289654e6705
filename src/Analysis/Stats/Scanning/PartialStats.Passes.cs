namespace TraceLab.Analysis.Stats.Scanning;

/// <summary>The column passes a scanner runs over a row group once each row has its group (see <see cref="RowGroups"/>).</summary>
internal sealed partial class PartialStats
{
    /// <summary>
    /// Notes the rows that may be a group's earliest: only a group's first row in each row group can be, so each
    /// group is checked once per row group (its stamp) against the earliest row seen so far.
    /// </summary>
    public void CollectNameCandidates(ReadOnlySpan<int> rowGroups, long firstOrder)
    {
        NameCandidates.Clear();
        if (!MayNameFrom(firstOrder))
        {
            return;
        }

        Stamp++;
        for (int i = 0; i < rowGroups.Length; i++)
        {
            int group = rowGroups[i];
            if (group < 0)
            {
                continue;
            }

            ref GroupStats stats = ref _stats[group];
            if (stats.SeenStamp != Stamp)
            {
                stats.SeenStamp = Stamp;
                if (firstOrder + i < stats.FirstOrder)
                {
                    NameCandidates.Add((i, group));
                }
            }
        }
    }

    /// <summary>Counts the userspace exits of the rows (userspace_reason −1 = none, −2 = errno form).</summary>
    public void AddUserspaceRows(ReadOnlySpan<int> rowGroups, ReadOnlySpan<long> reasons, ReadOnlySpan<long> errnos)
    {
        // Userspace exits are a few percent of exits: jump between them with a vectorised search.
        int i = 0;
        while (i < reasons.Length)
        {
            int next = reasons[i..].IndexOfAnyExcept(-1L);
            if (next < 0)
            {
                break;
            }

            i += next;
            if (rowGroups[i] >= 0)
            {
                AddUserspace(rowGroups[i], UserspaceCode.FromEventFields(reasons[i], errnos.IsEmpty ? 0 : errnos[i]));
            }

            i++;
        }
    }

    /// <summary>
    /// Adds a row group's rows to their groups (<paramref name="rowGroups"/>[i], −1 = skip the row): every row to the
    /// group's count, a row with a latency (≥ 0; −1 = unpaired) to its latency statistics.
    /// </summary>
    /// <remarks>
    /// Adding row by row touches a random group's histogram each time; with a dozen groups that is a few hundred KB
    /// of counters, which the streamed columns keep evicting, and those misses were most of the scan's cost. So the
    /// rows are counting-sorted by group first (the counting doubles as the row count), and each group's run then
    /// updates only its own histogram, with total/min/max in registers.
    /// </remarks>
    public void Accumulate(ReadOnlySpan<int> rowGroups, ReadOnlySpan<long> latencies)
    {
        // Blocks of 4096 rows keep the sorted latencies (32 KB) in L1: scattering a whole 64K-row group into 512 KB
        // missed on nearly every store.
        for (int block = 0; block < rowGroups.Length; block += BlockRows)
        {
            int rows = Math.Min(BlockRows, rowGroups.Length - block);
            AccumulateBlock(rowGroups.Slice(block, rows), latencies.Slice(block, rows));
        }
    }

    private void AccumulateBlock(ReadOnlySpan<int> rowGroups, ReadOnlySpan<long> latencies)
    {
        int groups = Groups.Count;
        Span<int> start = PerGroup(groups + 1);
        start.Clear();
        foreach (int group in rowGroups)
        {
            if (group >= 0)
            {
                start[group + 1]++;
            }
        }

        for (int g = 0; g < groups; g++)
        {
            _stats[g].Count += start[g + 1];
            start[g + 1] += start[g];
        }

        // start[g] is where group g's run begins; scattering advances it to where the run ends (= start of g + 1).
        Span<long> sorted = _sorted;
        for (int i = 0; i < rowGroups.Length; i++)
        {
            int group = rowGroups[i];
            if (group >= 0)
            {
                sorted[start[group]++] = latencies[i];
            }
        }

        int begin = 0;
        for (int g = 0; g < groups; g++)
        {
            int end = start[g];
            if (end > begin)
            {
                AddRun(g, sorted[begin..end]);
            }

            begin = end;
        }
    }

    /// <summary>Adds one paired latency (≥ 0) to a group.</summary>
    public void AddLatency(int group, long latency)
    {
        Span<long> one = [latency];
        AddRun(group, one);
    }

    // A run of one group's latencies, unpaired ones (negative) included: the histogram pass skips and counts them.
    private void AddRun(int group, Span<long> values)
    {
        HistogramSet.RunTotals run = _histograms.AddRun(group, values);
        ref GroupStats s = ref _stats[group];
        long before = s.Paired;
        s.Paired += run.Count;
        s.Total += run.Total;
        s.Min = Math.Min(s.Min, run.Min);
        s.Max = Math.Max(s.Max, run.Max);
        if (before <= _exactLimit && run.Count > 0)
        {
            if (run.Count < values.Length)
            {
                values = values[..RemoveNegatives(values)];
            }

            AddExact(group, before, values);
        }
    }

    private static int RemoveNegatives(Span<long> values)
    {
        int kept = 0;
        foreach (long value in values)
        {
            if (value >= 0)
            {
                values[kept++] = value;
            }
        }

        return kept;
    }

    // False when every group already has a first row before firstOrder: no row of this row group can name one.
    private bool MayNameFrom(long firstOrder)
    {
        for (int g = 0; g < Groups.Count; g++)
        {
            if (_stats[g].FirstOrder > firstOrder)
            {
                return true;
            }
        }

        return false;
    }

    private Span<int> PerGroup(int length)
    {
        if (_perGroup.Length < length)
        {
            _perGroup = new int[length * 2];
        }

        return _perGroup.AsSpan(0, length);
    }

    // The values of a group while it has at most _exactLimit of them; the buffer is dropped after that (the
    // histogram, always complete, takes over).
    private void AddExact(int group, long before, ReadOnlySpan<long> values)
    {
        long after = before + values.Length;
        if (after > _exactLimit)
        {
            _exact[group] = null;
            return;
        }

        long[]? buffer = _exact[group];
        if (buffer is null || after > buffer.Length)
        {
            Array.Resize(ref buffer, (int)Math.Min(_exactLimit, Math.Max(16, after * 2)));
            _exact[group] = buffer;
        }

        values.CopyTo(buffer.AsSpan((int)before));
    }
}
