using System.Globalization;
using TraceLab.Analysis.Stats;
using TraceLab.Replay.Checking;
using TraceLab.Replay.Episodes;
using TraceLab.Replay.Model;
using TraceLab.Replay.Output;
using TraceLab.Store;
using TraceLab.Store.Kvm;
using TraceLab.Store.Schema;

namespace TraceLab.Replay;

/// <summary>
/// <c>tracelab replay</c>: decides each VM's mode (<see cref="ModeDecider"/>), cuts every vCPU thread's events into
/// episodes (<see cref="EpisodeBuilder"/>), has <see cref="EpisodeChecker"/> judge each against the model, and
/// gathers divergences, rule counts, undecidable episodes and the TDVMCALL leaf breakdown.
/// </summary>
public sealed class ReplayEngine
{
    private const string OperandBusyLeaf = "OPERAND_BUSY retry";

    private readonly ReplayOptions _options;
    private readonly List<Divergence> _listed = [];
    private readonly Dictionary<string, long> _ruleCounts = new(StringComparer.Ordinal);
    // Leaf names are the model's string constants: compared by reference, as this runs once per episode.
    private readonly Dictionary<string, LeafLatency> _leaves = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Undecidable, (long Count, string File, long Line)> _undecidable = [];
    private readonly List<VmSummary> _vms = [];
    private readonly HashSet<GuestMode> _modes = [];
    private long _episodes, _decided, _divergences;

    public ReplayEngine(ReplayOptions options) => _options = options;

    public ReplayReport Run(IReadOnlyList<ITraceStore> stores, IReadOnlyList<string> names)
    {
        string unit = "ns";
        for (int s = 0; s < stores.Count; s++)
        {
            ITraceStore store = stores[s];
            if (store.Metadata.TimeUnit == "ticks")
            {
                unit = "ticks";
            }

            ReplayStore(store, names[s]);
        }

        return new ReplayReport
        {
            Mode = _modes.Count switch
            {
                0 => _options.Mode == ReplayModeOption.Tdx ? "tdx" : "vmx",
                1 => _modes.First().ToString().ToLowerInvariant(),
                _ => "mixed",
            },
            Kernel = _options.Kernel,
            Episodes = _episodes,
            Decided = _decided,
            TimeUnit = unit,
            Divergences = _listed,
            DivergenceCount = _divergences,
            Rules = [.. _ruleCounts.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => (r.Key, r.Value))],
            Leaves = [.. _leaves.OrderByDescending(l => l.Value.Count).ThenBy(l => l.Key, StringComparer.Ordinal)
                .Select(l => new LeafSummary(l.Key, l.Value.Count, l.Value.Percentile(NearestRank.P50), l.Value.Percentile(NearestRank.P99), l.Value.Exact))],
            Vms = _vms,
            Undecidable = [.. _undecidable.OrderBy(u => u.Key).Select(u => new UndecidableCount(u.Key, u.Value.Count, u.Value.File, u.Value.Line))],
        };
    }

    private void ReplayStore(ITraceStore store, string name)
    {
        var fixups = new Dictionary<long, long>();
        Dictionary<int, VmState> vms = ModeDecider.Decide(store, _options.Mode, fixups);
        IReadOnlyList<string> files = store.GetStringPool(StringPools.Files);
        string FileName(int id) => id >= 0 && id < files.Count ? files[id] : name;

        ITableSource? events = store.GetTable(EventColumns.Schema.Name);
        if (events is null)
        {
            return;
        }

        (CompanionSet captured, bool entries) = Captured(events);
        var checker = new EpisodeChecker(_options.Kernel, captured, entries, FileName, Record);
        var busy = new Dictionary<int, BusyStreak>();
        VmState? last = null;
        var builder = new EpisodeBuilder(ep =>
        {
            _episodes++;
            VmState? vm = last is not null && last.Vm == ep.Vm ? last : null;
            if (vm is null && !vms.TryGetValue(ep.Vm, out vm))
            {
                vm = new VmState(ep.Vm, _options.Mode == ReplayModeOption.Tdx ? GuestMode.Tdx : GuestMode.Vmx, "no exits of this VM in the exit table", 47);
                vms.Add(ep.Vm, vm);
            }

            last = vm;
            vm.Episodes++;
            EpisodeVerdict verdict = checker.Check(ep, vm);
            if (verdict.Undecidable is Undecidable why)
            {
                ObservedEvent at = ep.Exit ?? ep.Events[0];
                _undecidable[why] = _undecidable.TryGetValue(why, out var u) ? (u.Count + 1, u.File, u.Line) : (1, FileName(at.File), at.Line);
                TrackBusy(busy, ep, null, FileName);
                return;
            }

            _decided++;
            string? leaf = verdict.Matched?.Leaf;
            if (leaf is not null && verdict.LatencyNs is long ns && vm.Mode == GuestMode.Tdx)
            {
                if (!_leaves.TryGetValue(leaf, out LeafLatency? latency))
                {
                    latency = new LeafLatency();
                    _leaves.Add(leaf, latency);
                }

                latency.Add(ns);
            }

            TrackBusy(busy, ep, leaf, FileName);
        });

        Scan(events, builder, fixups);
        builder.Finish();
        foreach ((int tid, BusyStreak streak) in busy)
        {
            FlushBusy(tid, streak, FileName);
        }

        foreach (VmState vm in vms.Values.OrderBy(v => v.Vm))
        {
            _modes.Add(vm.Mode);
            _vms.Add(new VmSummary(name, vm.Vm, vm.Mode, vm.Why, vm.Episodes));
        }
    }

    /// <summary>The event columns replay reads (A5 is never needed), in <see cref="Scan"/>'s buffer order.</summary>
    private static readonly int[] s_columns =
    [
        EventColumns.Kind, EventColumns.Tid, EventColumns.Timestamp, EventColumns.File, EventColumns.Line,
        EventColumns.Vm, EventColumns.Vcpu, EventColumns.A0, EventColumns.A1, EventColumns.A2, EventColumns.A3, EventColumns.A4,
    ];

    /// <summary>
    /// Feeds every event row to the builder in store order. Row group g + 1 is decoded on another core while g is
    /// replayed (two buffer sets, alternating): decoding and the per-thread state machine each take about half the
    /// time, and the state machine is inherently sequential.
    /// </summary>
    private static void Scan(ITableSource events, EpisodeBuilder builder, Dictionary<long, long> reasonFixups)
    {
        int groups = events.RowGroupCount;
        if (groups == 0)
        {
            return;
        }

        int capacity = 0;
        for (int g = 0; g < groups; g++)
        {
            capacity = Math.Max(capacity, events.RowGroupRowCount(g));
        }

        long[][][] sets = [NewBuffers(capacity), NewBuffers(capacity)];
        Task next = Task.Run(() => Decode(events, 0, sets[0]));
        for (int g = 0; g < groups; g++)
        {
            next.GetAwaiter().GetResult();
            long[][] buffers = sets[g & 1];
            if (g + 1 < groups)
            {
                int following = g + 1;
                next = Task.Run(() => Decode(events, following, sets[following & 1]));
            }

            Replay(builder, buffers, events.RowGroupRowCount(g), events.RowGroupFirstRow(g), reasonFixups);
        }
    }

    private static long[][] NewBuffers(int capacity) => [.. s_columns.Select(_ => new long[capacity])];

    private static void Decode(ITableSource events, int group, long[][] buffers)
    {
        for (int c = 0; c < s_columns.Length; c++)
        {
            events.ReadColumn(group, s_columns[c], buffers[c]);
        }
    }

    private static void Replay(EpisodeBuilder builder, long[][] buffers, int n, long firstRow, Dictionary<long, long> reasonFixups)
    {
        long[] kind = buffers[0], tid = buffers[1], ts = buffers[2], file = buffers[3], line = buffers[4], vm = buffers[5], vcpu = buffers[6];
        long[] a0 = buffers[7], a1 = buffers[8], a2 = buffers[9], a3 = buffers[10], a4 = buffers[11];
        for (int i = 0; i < n; i++)
        {
            long k = kind[i];
            if (k is (long)EventKind.Other or (long)EventKind.Fpu or (long)EventKind.ApicAcceptIrq or (long)EventKind.ApicvAcceptIrq)
            {
                // Untyped events, FPU load/unload and interrupt delivery (by whichever thread delivers) say nothing
                // about the handler of an exit: no model outcome depends on them.
                continue;
            }

            long reason = a0[i];
            if (reasonFixups.Count > 0 && kind[i] == (long)EventKind.Exit && reasonFixups.TryGetValue(firstRow + i, out long vmx))
            {
                reason = vmx;
            }

            var e = new ObservedEvent((EventKind)kind[i], firstRow + i, ts[i], (int)file[i], line[i], reason, a1[i], a2[i], a3[i], a4[i], 0);
            builder.Add(e, (int)tid[i], (int)vm[i], (int)vcpu[i]);
        }
    }

    /// <summary>The companions this capture records at all (a missing kvm_cpuid means nothing if none was recorded),
    /// and whether it records kvm_entry.</summary>
    private static (CompanionSet Companions, bool Entries) Captured(ITableSource events)
    {
        bool[] kinds = new bool[256];
        int capacity = 0;
        for (int g = 0; g < events.RowGroupCount; g++)
        {
            capacity = Math.Max(capacity, events.RowGroupRowCount(g));
        }

        long[] kind = new long[capacity];
        for (int g = 0; g < events.RowGroupCount; g++)
        {
            (long min, long max) = events.ColumnRange(g, EventColumns.Kind);
            if (min == max)
            {
                kinds[(byte)min] = true;
                continue;
            }

            events.ReadColumn(g, EventColumns.Kind, kind);
            int n = events.RowGroupRowCount(g);
            for (int i = 0; i < n; i++)
            {
                kinds[(byte)kind[i]] = true;
            }
        }

        var set = CompanionSet.Empty;
        foreach (Companion c in Enum.GetValues<Companion>())
        {
            EventKind k = c switch
            {
                Companion.PioRead or Companion.PioWrite => EventKind.Pio,
                Companion.MmioRead or Companion.MmioWrite or Companion.MmioUnsatisfiedRead => EventKind.Mmio,
                Companion.FastMmio => EventKind.FastMmio,
                Companion.MsrRead or Companion.MsrWrite => EventKind.Msr,
                Companion.Cpuid => EventKind.Cpuid,
                Companion.Hypercall => EventKind.Hypercall,
                Companion.PageFault => EventKind.PageFault,
                Companion.VcpuWakeup => EventKind.VcpuWakeup,
                Companion.HaltPollNs => EventKind.HaltPollNs,
                Companion.InjVirq => EventKind.InjVirq,
                Companion.InjException => EventKind.InjException,
                Companion.EmulateInsn => EventKind.EmulateInsn,
                _ => EventKind.NestedVmexit,
            };
            if (kinds[(byte)k])
            {
                set = set.With(c);
            }
        }

        return (set, kinds[(byte)EventKind.Entry]);
    }

    /// <summary>Spec §13: a long run of OPERAND_BUSY retries on one vCPU is reported once, with its length.</summary>
    private void TrackBusy(Dictionary<int, BusyStreak> busy, Episode ep, string? leaf, Func<int, string> fileName)
    {
        if (leaf == OperandBusyLeaf && ep.Exit is ObservedEvent exit)
        {
            if (!busy.TryGetValue(ep.Tid, out BusyStreak? streak))
            {
                streak = new BusyStreak();
                busy.Add(ep.Tid, streak);
            }

            if (streak.Count == 0)
            {
                streak.First = exit;
                streak.Vm = ep.Vm;
                streak.Vcpu = ep.Vcpu;
            }

            streak.Count++;
            streak.Last = exit;
            return;
        }

        // Streaks are removed when they end, so most episodes (no streak open anywhere) skip the lookup.
        if (busy.Count > 0 && busy.Remove(ep.Tid, out BusyStreak? open))
        {
            FlushBusy(ep.Tid, open, fileName);
        }
    }

    private void FlushBusy(int tid, BusyStreak streak, Func<int, string> fileName)
    {
        if (streak.Count >= _options.BusyStormThreshold)
        {
            ObservedEvent first = streak.First;
            Record(new Divergence
            {
                Rule = RuleIds.OperandBusyStorm,
                Severity = RuleCatalog.Get(RuleIds.OperandBusyStorm).Severity,
                Vm = streak.Vm,
                Vcpu = streak.Vcpu,
                Tid = tid,
                TimestampNs = first.Timestamp,
                File = fileName(first.File),
                Line = first.Line,
                EventLine = streak.Last.Line,
                Expected = string.Create(CultureInfo.InvariantCulture, $"fewer than {_options.BusyStormThreshold} consecutive OPERAND_BUSY retries"),
                Observed = string.Create(CultureInfo.InvariantCulture, $"{streak.Count} consecutive retries"),
                Message = string.Create(CultureInfo.InvariantCulture,
                    $"{streak.Count} consecutive TDH.VP.ENTER returns of TDX_OPERAND_BUSY (reason 0xffff FAILED_VMENTRY resumed) from line {first.Line} to {streak.Last.Line}: SEPT contention from the 0-step mitigation or TLB tracking"),
            });
        }

        streak.Count = 0;
    }

    private void Record(Divergence d)
    {
        _divergences++;
        _ruleCounts[d.Rule] = _ruleCounts.GetValueOrDefault(d.Rule) + 1;
        if (_listed.Count < _options.MaxListed)
        {
            _listed.Add(d);
        }
    }

    private sealed class BusyStreak
    {
        public long Count { get; set; }

        public ObservedEvent First { get; set; }

        public ObservedEvent Last { get; set; }

        public int Vm { get; set; }

        public int Vcpu { get; set; }
    }
}
