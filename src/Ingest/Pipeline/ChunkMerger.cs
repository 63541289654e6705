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
    private readonly Action<ColumnBatch>? _recycle;
    private ColumnBatch? _held;
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

    /// <param name="sink">Where row groups, pools and metadata go.</param>
    /// <param name="clockHz">Counter-clock rate for tick conversion (0 = keep ticks).</param>
    /// <param name="recycle">Receives event batches once written (unless the sink keeps them), for reuse.</param>
    public ChunkMerger(IStoreSink sink, long clockHz, Action<ColumnBatch>? recycle = null)
    {
        _sink = sink;
        _recycle = recycle;
        _clockHz = clockHz;
        _exitTable = new ExitTableBuilder(sink.WriteRowGroup, sink.KeepsBatches);
        _tracker = new VcpuExitTracker(_exitTable, _issues, _reasons);
    }

    public long EventRows => _eventRows;

    public IssueCollector Issues => _issues;

    /// <summary>Starts a new input file: line numbers restart at 1.</summary>
    public void BeginFile(string name)
    {
        if (_file >= 0)
        {
            // A new input is a new recording: no pairing across files, and each CPU's clock check starts over.
            _tracker.EndRecording();
            Array.Clear(_lastTimestampByCpu);
        }

        _file = _files.Intern(name);
        _fileName = name;
        _lineBase = 0;
    }

    /// <summary>
    /// Merges the next chunk of the current file. The last batch written is held back one step so that a gap (a run
    /// of non-trace lines) cut in two by a chunk boundary becomes one gap row, as it would in a single chunk: the
    /// store must not depend on how the input was split.
    /// </summary>
    public void Merge(ParsedChunk chunk)
    {
        int[] taskMap = _tasks.MapAll(chunk.Tasks.Values);
        int[] nameMap = _names.MapAll(chunk.Names.Values);

        // Unknown reason names are interned when their first exit is merged, in row order, like the known ones.
        int[] reasonMap = new int[chunk.UnknownReasons.Count];
        Array.Fill(reasonMap, -1);
        _sawNs |= chunk.SawNanoseconds;
        _sawTicks |= chunk.SawCounter;
        foreach (ColumnBatch batch in chunk.Batches)
        {
            if (batch.Count == 0)
            {
                _recycle?.Invoke(batch);
                continue;
            }

            ContinueHeldGap(batch);
            if (batch.Count == 0)
            {
                _recycle?.Invoke(batch);
                continue;
            }

            MergeBatch(batch, taskMap, nameMap, reasonMap, chunk.UnknownReasons.Values);
            WriteHeld();
            _held = batch;
        }

        _issues.Merge(chunk.Issues, _lineBase);
        _lineBase += chunk.LineCount;
    }

    /// <summary>If <paramref name="next"/> starts with the continuation of the held batch's final gap, folds it in.</summary>
    private void ContinueHeldGap(ColumnBatch next)
    {
        if (_held is not { Count: > 0 } held)
        {
            return;
        }

        int last = held.Count - 1;
        if (held.Column(EventColumns.Kind)[last] != (long)EventKind.Gap || next.Column(EventColumns.Kind)[0] != (long)EventKind.Gap
            || held.Column(EventColumns.File)[last] != _file
            || held.Column(EventColumns.Line)[last] + held.Column(EventColumns.A0)[last] != next.Column(EventColumns.Line)[0] + _lineBase)
        {
            return;
        }

        held.Column(EventColumns.A0)[last] += next.Column(EventColumns.A0)[0];
        for (int c = 0; c < EventColumns.Count; c++)
        {
            Array.Copy(next.Column(c), 1, next.Column(c), 0, next.Count - 1);
        }

        next.Count--;
    }

    private void WriteHeld()
    {
        if (_held is { } held)
        {
            _sink.WriteRowGroup(held);
            _held = null;
            if (!_sink.KeepsBatches)
            {
                _recycle?.Invoke(held);
            }
        }
    }

    private void MergeBatch(ColumnBatch b, int[] taskMap, int[] nameMap, int[] reasonMap, IReadOnlyList<string> unknownReasons)
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
        long[] a1 = b.Column(EventColumns.A1);
        long[] a2 = b.Column(EventColumns.A2);
        long[] a3 = b.Column(EventColumns.A3);
        long[] a4 = b.Column(EventColumns.A4);
        long[] a5 = b.Column(EventColumns.A5);
        for (int i = 0; i < b.Count; i++)
        {
            long row = _eventRows + i;
            line[i] += _lineBase;
            file[i] = _file;
            task[i] = taskMap[task[i]];
            name[i] = nameMap[name[i]];
            ts[i] = NormaliseTimestamp(ts[i], (int)cpu[i], line[i]);
            var k = (EventKind)(kind[i] & 0xFF);
            var isa = (Isa)(kind[i] >> 8);
            kind[i] = (long)k;
            if (k == EventKind.Exit && a0[i] >= ExitReasonParser.UnknownNameBase)
            {
                int local = (int)(a0[i] - ExitReasonParser.UnknownNameBase);
                if (reasonMap[local] < 0)
                {
                    reasonMap[local] = _reasons.Intern(unknownReasons[local]);
                }

                a0[i] = ExitReasonParser.UnknownNameBase + reasonMap[local];
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
                    _tracker.OnEvent(t, k, Isa.Unknown, row, ts[i], (int)cpu[i], default, _file, line[i], _fileName);
                }

                continue;
            }

            _args[0] = a0[i];
            _args[1] = a1[i];
            _args[2] = a2[i];
            _args[3] = a3[i];
            _args[4] = a4[i];
            _args[5] = a5[i];
            _tracker.OnEvent(t, k, isa, row, ts[i], (int)cpu[i], _args, _file, line[i], _fileName);
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
                _issues.Add(IngestIssueKind.TimestampBackwards, _fileName, line, 1,
                    $"time on CPU {cpu} went back by {_lastTimestampByCpu[cpu] - value} time units");
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
        WriteHeld();
        if (_sawNs && _sawTicks)
        {
            _issues.Add(IngestIssueKind.MixedClock, _fileName, 0, 0, "both counter (ticks) and sec.usec timestamps were seen");
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
