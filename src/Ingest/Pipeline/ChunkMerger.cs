using TraceLab.Ingest.Chunks;
using TraceLab.Ingest.Events;
using TraceLab.Ingest.Issues;
using TraceLab.Ingest.Pairing;
using TraceLab.Store;
using TraceLab.Store.Kvm;
using TraceLab.Store.Metadata;
using TraceLab.Store.Schema;

namespace TraceLab.Ingest.Pipeline;

/// <summary>
/// The ordered, single-threaded half of ingest: takes parsed chunks in input order, turns their local ids, line
/// numbers and clocks into store-wide ones, runs the pairing tracker over every event, and writes row groups.
/// </summary>
internal sealed class ChunkMerger
{
    private readonly IStoreSink _sink;
    private readonly long _clockHz;
    private readonly StringPool _tasks = new();
    private readonly StringPool _names = new();
    private readonly StringPool _reasons = new();
    private readonly StringPool _files = new();
    private readonly IssueCollector _issues = new();
    private readonly ExitTableBuilder _exitTable;
    private readonly VcpuExitTracker _tracker;
    private long[] _lastTimestampByCpu = new long[64];
    private readonly long[] _args = new long[6];
    private long _eventRows;
    private long _lineBase;
    private int _file = -1;
    private string _fileName = "";
    private bool _sawNs;
    private bool _sawTicks;
    private long _firstTimestamp = long.MaxValue;
    private long _lastTimestamp = long.MinValue;

    public ChunkMerger(IStoreSink sink, long clockHz)
    {
        _sink = sink;
        _clockHz = clockHz;
        _exitTable = new ExitTableBuilder(sink.WriteRowGroup);
        _tracker = new VcpuExitTracker(_exitTable, _issues, _reasons);
    }

    public long EventRows => _eventRows;

    public IssueCollector Issues => _issues;

    /// <summary>Starts a new input file: line numbers restart at 1.</summary>
    public void BeginFile(string name)
    {
        _file = _files.Intern(name);
        _fileName = name;
        _lineBase = 0;
    }

    /// <summary>Merges the next chunk of the current file. Returns batches the caller may reuse (when the sink does not keep them).</summary>
    public void Merge(ParsedChunk chunk)
    {
        int[] taskMap = _tasks.MapAll(chunk.Tasks.Values);
        int[] nameMap = _names.MapAll(chunk.Names.Values);
        int[] reasonMap = chunk.UnknownReasons.Count == 0 ? [] : _reasons.MapAll(chunk.UnknownReasons.Values);
        _sawNs |= chunk.SawNanoseconds;
        _sawTicks |= chunk.SawCounter;
        foreach (ColumnBatch batch in chunk.Batches)
        {
            MergeBatch(batch, taskMap, nameMap, reasonMap);
            if (batch.Count > 0)
            {
                _sink.WriteRowGroup(batch);
            }
        }

        _issues.Merge(chunk.Issues, _lineBase);
        _lineBase += chunk.LineCount;
    }

    private void MergeBatch(ColumnBatch b, int[] taskMap, int[] nameMap, int[] reasonMap)
    {
        long[] ts = b.Column(EventColumns.Timestamp);
        long[] cpu = b.Column(EventColumns.Cpu);
        long[] tid = b.Column(EventColumns.Tid);
        long[] task = b.Column(EventColumns.Task);
        long[] kind = b.Column(EventColumns.Kind);
        long[] name = b.Column(EventColumns.Name);
        long[] vcpu = b.Column(EventColumns.Vcpu);
        long[] vm = b.Column(EventColumns.Vm);
        long[] file = b.Column(EventColumns.File);
        long[] line = b.Column(EventColumns.Line);
        long[] a0 = b.Column(EventColumns.A0);
        for (int i = 0; i < b.Count; i++)
        {
            long row = _eventRows + i;
            line[i] += _lineBase;
            file[i] = _file;
            task[i] = taskMap[task[i]];
            name[i] = nameMap[name[i]];
            ts[i] = NormaliseTimestamp(ts[i], (int)cpu[i], line[i]);
            var k = (EventKind)kind[i];
            if (k == EventKind.Exit && a0[i] >= ExitReasonParser.UnknownNameBase)
            {
                a0[i] = ExitReasonParser.UnknownNameBase + reasonMap[a0[i] - ExitReasonParser.UnknownNameBase];
            }

            if (k is EventKind.LostEvents or EventKind.Gap)
            {
                _tracker.OnInterruption(k == EventKind.LostEvents ? ExitFlags.NearLostEvents : ExitFlags.AcrossGap);
                vm[i] = -1;
                continue;
            }

            int payloadVcpu = (int)vcpu[i];
            VcpuThread t = _tracker.ThreadFor((int)tid[i], payloadVcpu);
            t.TaskId = (int)task[i];
            _tracker.Attribute(t, payloadVcpu, (int)vm[i]);
            vcpu[i] = payloadVcpu >= 0 ? payloadVcpu : t.Vcpu;
            vm[i] = t.Vm;
            if (k == EventKind.Other)
            {
                if (t.Open is not null)
                {
                    _tracker.OnEvent(t, k, row, ts[i], (int)cpu[i], default, _file, line[i], _fileName);
                }

                continue;
            }

            _args[0] = a0[i];
            _args[1] = b.Column(EventColumns.A1)[i];
            _args[2] = b.Column(EventColumns.A2)[i];
            _args[3] = b.Column(EventColumns.A3)[i];
            _args[4] = b.Column(EventColumns.A4)[i];
            _args[5] = b.Column(EventColumns.A5)[i];
            _tracker.OnEvent(t, k, row, ts[i], (int)cpu[i], _args, _file, line[i], _fileName);
        }

        _eventRows += b.Count;
    }

    /// <summary>
    /// Converts a parsed timestamp to the store's unit: ns stays ns; a counter stays ticks unless a clock rate was
    /// given (ns = ticks × 10⁹ / hz in 128-bit integer arithmetic). Missing timestamps become -1. Checks that each
    /// CPU's stream does not go back in time.
    /// </summary>
    private long NormaliseTimestamp(long raw, int cpu, long line)
    {
        if (raw == long.MinValue)
        {
            return -1;
        }

        long value = raw;
        if (_clockHz > 0 && _sawTicks && !_sawNs)
        {
            value = (long)((Int128)raw * 1_000_000_000 / _clockHz);
        }

        if (cpu >= 0)
        {
            if (cpu >= _lastTimestampByCpu.Length)
            {
                Array.Resize(ref _lastTimestampByCpu, Math.Max(cpu + 1, _lastTimestampByCpu.Length * 2));
            }

            // Slots start at 0 and real stamps are positive, so an unseen CPU never reports going backwards.
            if (value < _lastTimestampByCpu[cpu])
            {
                _issues.Add(IngestIssueKind.TimestampBackwards, _fileName, line, 1, default);
            }

            _lastTimestampByCpu[cpu] = value;
        }

        _firstTimestamp = Math.Min(_firstTimestamp, value);
        _lastTimestamp = Math.Max(_lastTimestamp, value);
        return value;
    }

    /// <summary>Closes open exits, writes the pools and metadata. Call once after the last chunk of the last file.</summary>
    public StoreMetadata Finish(List<SourceInfo> sources, string writer)
    {
        if (_sawNs && _sawTicks)
        {
            _issues.Add(IngestIssueKind.MixedClock, _fileName, 0, 0, default);
        }

        var metadata = new StoreMetadata
        {
            Writer = writer,
            Sources = sources,
            TimeUnit = _sawTicks && !_sawNs && _clockHz <= 0 ? "ticks" : "ns",
            ClockHz = _sawTicks && !_sawNs ? _clockHz : 0,
            Events = _eventRows,
            Exits = _tracker.Exits,
            Entries = _tracker.Entries,
            FirstTimestamp = _firstTimestamp == long.MaxValue ? 0 : _firstTimestamp,
            LastTimestamp = _lastTimestamp == long.MinValue ? 0 : _lastTimestamp,
        };
        _tracker.Finish(metadata.Vcpus, _tasks.Values);
        metadata.Issues = _issues.ToSummaries();
        _sink.WriteStringPool(StringPools.Tasks, _tasks.Values);
        _sink.WriteStringPool(StringPools.EventNames, _names.Values);
        _sink.WriteStringPool(StringPools.Reasons, _reasons.Values);
        _sink.WriteStringPool(StringPools.Files, _files.Values);
        _sink.WriteMetadata(metadata);
        return metadata;
    }
}
