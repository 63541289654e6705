using System.Globalization;
using TraceLab.Replay.Checking;
using TraceLab.Replay.Model;
using TraceLab.Store;
using TraceLab.Store.Kvm;
using TraceLab.Store.Schema;

namespace TraceLab.Replay;

/// <summary>
/// Decides per VM whether its exits go through KVM's TDX handler or its VMX handler, from the tells of spec §3.3
/// and §3.4: a TD's exits come only from the TDX module's async exits and TDVMCALLs, so TDCALL exits, the -1u
/// reason and TDVMCALL GPR masks in info1 mark a TD, while reasons the TDX module never delivers (APIC_ACCESS,
/// CR_ACCESS, PAUSE, …) and VMX qualifications on HLT/CPUID/IO/MSR exits mark a VMX guest.
/// </summary>
public static class ModeDecider
{
    /// <summary>
    /// Basic reasons a TD's kvm_exit can show (spec §3.4 "which async exits can the TDX module deliver", §4.7), plus
    /// the basic reasons of a failed entry (INVALID_STATE, MSR_LOAD_FAIL, MCE_DURING_VMENTRY with FAILED_VMENTRY,
    /// §3.4 row 4), which a TD shows too.
    /// </summary>
    private static readonly HashSet<uint> s_tdReasons = [0, 1, 2, 3, 6, 9, 10, 12, 18, 30, 31, 32, 33, 34, 41, 48, 49, 74, 75, 77];

    /// <param name="store">The store to decide for.</param>
    /// <param name="forced">--mode.</param>
    /// <param name="reasonFixups">Receives event row → VMX reason for exits ingest read as SVM that belong to a VMX
    /// VM (2.6-era lower-case names shared by both, <see cref="LegacyVmxNames"/>).</param>
    public static Dictionary<int, VmState> Decide(ITraceStore store, ReplayModeOption forced, Dictionary<long, long> reasonFixups)
    {
        var evidence = new Dictionary<int, Evidence>();
        ITableSource? exits = store.GetTable(ExitColumns.Schema.Name);
        if (exits is not null)
        {
            CountExits(exits, evidence);
        }

        var sharedBit51 = new HashSet<int>();
        ITableSource? events = store.GetTable(EventColumns.Schema.Name);
        if (events is not null)
        {
            FindWideSharedBit(events, sharedBit51);
        }

        var states = new Dictionary<int, VmState>();
        foreach ((int vm, Evidence e) in evidence)
        {
            (GuestMode mode, string why) = forced switch
            {
                ReplayModeOption.Tdx => (GuestMode.Tdx, "--mode tdx"),
                ReplayModeOption.Vmx => (GuestMode.Vmx, "--mode vmx"),
                _ => e.Decide(),
            };
            states[vm] = new VmState(vm, mode, why, sharedBit51.Contains(vm) ? 51 : 47);
        }

        if (exits is not null)
        {
            FindLegacyVmxNames(exits, states, reasonFixups);
        }

        return states;
    }

    private static void FindLegacyVmxNames(ITableSource exits, Dictionary<int, VmState> states, Dictionary<long, long> fixups)
    {
        for (int g = 0; g < exits.RowGroupCount; g++)
        {
            (long min, long max) = exits.ColumnRange(g, ExitColumns.Isa);
            if (max < (long)Isa.Svm || min > (long)Isa.Svm)
            {
                continue;
            }

            int n = exits.RowGroupRowCount(g);
            long[] vm = new long[n], isa = new long[n], reason = new long[n], row = new long[n];
            exits.ReadColumn(g, ExitColumns.Vm, vm);
            exits.ReadColumn(g, ExitColumns.Isa, isa);
            exits.ReadColumn(g, ExitColumns.ReasonCode, reason);
            exits.ReadColumn(g, ExitColumns.EventRow, row);
            for (int i = 0; i < n; i++)
            {
                if (isa[i] == (long)Isa.Svm && states.TryGetValue((int)vm[i], out VmState? state) && state.Mode == GuestMode.Vmx
                    && LegacyVmxNames.VmxReasonOf(reason[i]) is uint vmx)
                {
                    fixups[row[i]] = vmx;
                }
            }
        }
    }

    /// <summary>Counts the tells of every exit, row groups in parallel (each worker its own counts, merged after).</summary>
    private static void CountExits(ITableSource exits, Dictionary<int, Evidence> evidence)
    {
        var partials = new System.Collections.Concurrent.ConcurrentBag<Dictionary<int, Evidence>>();
        Parallel.For(0, exits.RowGroupCount, () => new Dictionary<int, Evidence>(), (g, _, local) =>
        {
            int n = exits.RowGroupRowCount(g);
            long[] vm = new long[n], isa = new long[n], reason = new long[n], info1 = new long[n];
            exits.ReadColumn(g, ExitColumns.Vm, vm);
            exits.ReadColumn(g, ExitColumns.Isa, isa);
            exits.ReadColumn(g, ExitColumns.ReasonCode, reason);
            exits.ReadColumn(g, ExitColumns.Info1, info1);
            for (int i = 0; i < n; i++)
            {
                int key = (int)vm[i];
                if (!local.TryGetValue(key, out Evidence? e))
                {
                    e = new Evidence();
                    local.Add(key, e);
                }

                e.Add((Isa)isa[i], reason[i], (ulong)info1[i]);
            }

            return local;
        }, partials.Add);

        foreach (Dictionary<int, Evidence> partial in partials)
        {
            foreach ((int vm, Evidence e) in partial)
            {
                if (evidence.TryGetValue(vm, out Evidence? total))
                {
                    total.Merge(e);
                }
                else
                {
                    evidence.Add(vm, e);
                }
            }
        }
    }

    /// <summary>§6.2: with a 52-bit GPAW the shared bit is 51; a fault address with bit 51 set says so.</summary>
    private static void FindWideSharedBit(ITableSource events, HashSet<int> vms)
    {
        for (int g = 0; g < events.RowGroupCount; g++)
        {
            (long min, long max) = events.ColumnRange(g, EventColumns.Kind);
            (long _, long highest) = events.ColumnRange(g, EventColumns.A0);
            if (min > (long)EventKind.PageFault || max < (long)EventKind.PageFault || (ulong)highest < 1UL << 51)
            {
                continue;   // no page fault in this group, or no a0 with bit 51 set (the statistics say so)
            }

            int n = events.RowGroupRowCount(g);
            long[] kind = new long[n], vm = new long[n], address = new long[n];
            events.ReadColumn(g, EventColumns.Kind, kind);
            events.ReadColumn(g, EventColumns.Vm, vm);
            events.ReadColumn(g, EventColumns.A0, address);
            for (int i = 0; i < n; i++)
            {
                if (kind[i] == (long)EventKind.PageFault && (address[i] & (1L << 51)) != 0)
                {
                    vms.Add((int)vm[i]);
                }
            }
        }
    }

    private sealed class Evidence
    {
        private long _tdcall, _invalid, _masks, _vmxOnly, _vmxQualifications, _svm, _exits;

        public void Merge(Evidence other)
        {
            _tdcall += other._tdcall;
            _invalid += other._invalid;
            _masks += other._masks;
            _vmxOnly += other._vmxOnly;
            _vmxQualifications += other._vmxQualifications;
            _svm += other._svm;
            _exits += other._exits;
        }

        public void Add(Isa isa, long code, ulong info1)
        {
            _exits++;
            if (isa == Isa.Svm)
            {
                _svm++;
                return;
            }

            if (code is < 0 or > uint.MaxValue)
            {
                return;
            }

            uint full = (uint)code;
            uint basic = full & 0xFFFF;
            if (full == ExitView.InvalidReason)
            {
                _invalid++;
            }
            else if (basic == VmxExitReasons.Tdcall)
            {
                _tdcall++;
            }
            else if (!s_tdReasons.Contains(basic))
            {
                _vmxOnly++;
            }
            else if (basic is VmxExitReasons.Hlt or VmxExitReasons.Cpuid or VmxExitReasons.IoInstruction or VmxExitReasons.MsrRead or VmxExitReasons.MsrWrite)
            {
                if (TdvmcallGprMask.Looks(info1))
                {
                    _masks++;
                }
                else
                {
                    _vmxQualifications++;
                }
            }
        }

        public (GuestMode, string) Decide()
        {
            long td = _tdcall + _invalid + _masks;
            long vmx = _vmxOnly + _vmxQualifications;
            string why = string.Create(CultureInfo.InvariantCulture,
                $"{_exits} exits: TD tells {td} ({_tdcall} TDCALL, {_invalid} reason -1u, {_masks} TDVMCALL GPR masks in info1); VMX tells {vmx} ({_vmxOnly} reasons a TD never shows, {_vmxQualifications} VMX qualifications on HLT/CPUID/IO/MSR); SVM exits {_svm}");
            if (_svm > td + vmx)
            {
                return (GuestMode.Svm, why);
            }

            return td > 0 && td >= vmx ? (GuestMode.Tdx, why) : (GuestMode.Vmx, why);
        }
    }
}
