using System.Globalization;
using TraceLab.Replay.Episodes;
using TraceLab.Replay.Model;
using TraceLab.Store.Kvm;

namespace TraceLab.Replay.Checking;

/// <summary>
/// Judges one episode: asks the model (<see cref="TdxExitModel"/> or <see cref="VmxExitModel"/>) what the kernel can
/// do with the exit, then walks what the trace shows — the companions before the boundary, the boundary, and each
/// following KVM_RUN up to kvm_entry — against those outcomes, reporting the first place each aspect departs from all
/// of them. Signals (<c>restart (4)</c>) and request-driven exits are allowed anywhere a resume is (spec §12).
/// </summary>
public sealed class EpisodeChecker
{
    private readonly KernelProfile _profile;
    private readonly CompanionSet _captured;
    private readonly bool _entriesCaptured;
    private readonly Func<int, string> _fileName;
    private readonly Action<Divergence> _report;
    private readonly Dictionary<ulong, ExitPrediction> _tdxPredictions = [];
    private readonly Dictionary<ulong, ExitPrediction> _vmxPredictions = [];
    private readonly List<Outcome> _candidates = [];
    private readonly long[] _firstLine = new long[CompanionSet.CompanionCount];
    private int _reported;

    /// <param name="profile">Which kernel's code to follow.</param>
    /// <param name="captured">The companions the trace records at all: a missing companion the capture never
    /// records is not evidence of anything.</param>
    /// <param name="entriesCaptured">The capture records kvm_entry (without it no episode can be judged).</param>
    /// <param name="fileName">Input file name by file id.</param>
    /// <param name="report">Receives each divergence.</param>
    public EpisodeChecker(KernelProfile profile, CompanionSet captured, bool entriesCaptured, Func<int, string> fileName, Action<Divergence> report)
    {
        _profile = profile;
        _captured = captured;
        _entriesCaptured = entriesCaptured;
        _fileName = fileName;
        _report = report;
    }

    public EpisodeVerdict Check(Episode ep, VmState vm)
    {
        _reported = 0;
        if (vm.Mode == GuestMode.Svm)
        {
            return EpisodeVerdict.Cannot(Undecidable.NoModel);
        }

        if (!_entriesCaptured)
        {
            return EpisodeVerdict.Cannot(Undecidable.NoEntries);
        }

        if (ep.Exit is not ObservedEvent exit)
        {
            return CheckExitless(ep, vm);
        }

        ExitView view = ToView(exit);
        ExitPrediction prediction = Predict(view, vm.Mode);
        foreach ((string rule, string message) in prediction.ExitFindings)
        {
            Report(rule, ep, exit.Line, prediction.Branch, Describe(exit), message);
        }

        List<ObservedEvent> events = ep.Events;
        if (vm.Mode == GuestMode.Vmx && HasNestedVmexit(events))
        {
            // §11: an L2 exit is reflected to L1 before the handler table runs; L1 then does whatever it does.
            return Close(ep, vm, Reflected);
        }

        if (vm.Mode == GuestMode.Tdx)
        {
            prediction = CheckTdCompanions(ep, vm, prediction);
        }

        bool anyResume = prediction.AnyResume;

        // Handling: the companions before the first non-transparent kvm_userspace_exit.
        int i = 0;
        var handled = CompanionSet.Empty;
        long[] firstLine = _firstLine;
        for (; i < events.Count; i++)
        {
            ObservedEvent e = events[i];
            if (e.Kind == EventKind.UserspaceExit)
            {
                if (IsTransparent(e, prediction, anyResume))
                {
                    continue;
                }

                break;
            }

            if (CompanionOf(e) is Companion c && !IsAmbient(c, vm.Mode, prediction) && !handled.Contains(c))
            {
                handled = handled.With(c);
                firstLine[(int)c] = e.Line;
            }
        }

        ObservedEvent? boundaryEvent = i < events.Count ? events[i] : null;
        if (boundaryEvent is null && ep.End != EpisodeEnd.Entry)
        {
            if (ep.End == EpisodeEnd.NextExit && ep.Closer is ObservedEvent next)
            {
                Report(RuleIds.ConsecutiveExits, ep, next.Line, "kvm_entry before the next kvm_exit", "kvm_exit",
                    "another kvm_exit on this thread with no kvm_entry in between: kvm_entry is traced before every VM entry, so events are missing from the capture");
                return new EpisodeVerdict(null, null, null, _reported);
            }

            return new EpisodeVerdict(null, UndecidableOf(ep.End), null, _reported);
        }

        List<Outcome> candidates = Candidates(prediction, boundaryEvent);
        if (candidates.Count == 0)
        {
            ReportBoundary(ep, prediction, view, boundaryEvent, vm.Mode);
            return Close(ep, vm, null);
        }

        Outcome best = Best(candidates, handled);
        CheckCompanions(ep, best, handled, firstLine, prefix: false);
        if (best.Finding is string finding)
        {
            // A legal outcome that still means trouble: what the trace shows is the outcome itself.
            Report(finding, ep, boundaryEvent?.Line ?? ep.Entry?.Line ?? exit.Line, prediction.Branch, best.BoundaryText,
                $"{RuleCatalog.Get(finding).Title}: {best.Name} ({best.Spec})");
        }

        if (best.Boundary != BoundaryKind.Entry && boundaryEvent is not null)
        {
            ApplyEffect(best, ep, vm);
            FollowNextRuns(ep, vm, best, i + 1);
        }

        return Close(ep, vm, best);
    }

    /// <summary>
    /// The model's prediction, memoised: it depends on the reason and a few bits of the info fields only, so a
    /// trace's millions of exits share a few hundred predictions. Predictions carrying exit findings quote the
    /// exit's own values and are not shared.
    /// </summary>
    private ExitPrediction Predict(in ExitView view, GuestMode mode)
    {
        ulong key = (view.Reason ?? 0x1_0000_0000UL)
            | ((view.Info1 & 1) << 40)
            | (TdvmcallGprMask.Looks(view.Info1) ? 1UL << 41 : 0)
            | ((view.IntrInfo & 0x8000_07FF) == 0 ? 0 : ((view.IntrInfo & 0x8000_0000) != 0 ? 1UL << 42 : 0) | (((view.IntrInfo >> 8) & 7) << 43) | ((view.IntrInfo & 0xFF) << 46))
            | (view.Info1 != 0 || view.Info2 != 0 || view.IntrInfo != 0 || view.ErrorCode != 0 ? 1UL << 54 : 0);
        Dictionary<ulong, ExitPrediction> cache = mode == GuestMode.Tdx ? _tdxPredictions : _vmxPredictions;
        if (cache.TryGetValue(key, out ExitPrediction? cached))
        {
            return cached;
        }

        ExitPrediction prediction = mode == GuestMode.Tdx ? TdxExitModel.Predict(view, _profile) : VmxExitModel.Predict(view, _profile);
        if (prediction.ExitFindings.IsEmpty)
        {
            cache[key] = prediction;
        }

        return prediction;
    }

    private static bool HasNestedVmexit(List<ObservedEvent> events)
    {
        foreach (ObservedEvent e in events)
        {
            if (e.Kind == EventKind.NestedVmexit)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Outcome of an L2 exit reflected to L1.</summary>
    private static readonly Outcome Reflected = OutcomeBuilder.Resume("reflected to L1 (nested)", "§11");

    private EpisodeVerdict CheckExitless(Episode ep, VmState vm)
    {
        ObservedEvent u = ep.Events[0];
        long line = ep.OpeningEntry?.Line ?? u.Line;
        if (vm.Mode == GuestMode.Vmx)
        {
            // §11: a VMLAUNCH/VMRESUME VM-fail returns KVM_EXIT_FAIL_ENTRY with no kvm_exit traced.
            return u.A0 == UserspaceExitReasons.FailEntry
                ? Close(ep, vm, OutcomeBuilder.Userspace("VM-fail → KVM_EXIT_FAIL_ENTRY", UserspaceExitReasons.FailEntry, "§11"))
                : EpisodeVerdict.Cannot(Undecidable.MissingExit);
        }

        Report(RuleIds.UserspaceWithoutExit, ep, u.Line, "kvm_exit after kvm_entry", Describe(u),
            $"KVM_RUN ended with {Describe(u)} after the kvm_entry at line {line.ToString(CultureInfo.InvariantCulture)} with no kvm_exit: a SEAMCALL software error (#UD/#GP/VMFAILINVALID → KVM_EXIT_INTERNAL_ERROR) or a raw EPT_MISCONFIG (→ error (5)); KVM marks the VM bugged");
        if (u.A0 == UserspaceExitReasons.InternalError || (u.IsRunError && u.A1 == 5))
        {
            if (vm.UnusableSinceLine == 0)
            {
                vm.UnusableSinceLine = u.Line;
            }
        }

        return Close(ep, vm, null);
    }

    /// <summary>TD-only checks of companions and kvm_page_fault fields (spec §6.1, §7, §13); may narrow the outcomes.</summary>
    private ExitPrediction CheckTdCompanions(Episode ep, VmState vm, ExitPrediction prediction)
    {
        bool injection = false, emulation = false, sharedFetch = false;
        foreach (ObservedEvent e in ep.Events)
        {
            switch (e.Kind)
            {
                case EventKind.InjVirq or EventKind.InjException when !injection:
                    injection = true;
                    Report(RuleIds.Injection, ep, e.Line, "no injection (vt_inject_irq/vt_inject_exception are no-ops for TDs)", Describe(e),
                        "KVM traced an injection for a TD: TDs take interrupts through posted interrupts only (kvm_apicv_accept_irq)");
                    break;
                case EventKind.EmulateInsn when !emulation:
                    emulation = true;
                    Report(RuleIds.Emulation, ep, e.Line, "no instruction emulation for a TD", Describe(e),
                        "KVM traced instruction emulation for a TD: guest state is protected and vt_check_emulate_instruction refuses");
                    break;
                case EventKind.PageFault:
                    ulong address = (ulong)e.A0;
                    ulong code = (ulong)e.A1;
                    bool shared = (address & (1UL << vm.SharedBit)) != 0;
                    if (!shared && code != 0x2)
                    {
                        Report(RuleIds.PrivateFaultCode, ep, e.Line, "error_code 0x2 (EPT_VIOLATION_ACC_WRITE)", $"error_code 0x{code:x}",
                            $"private GPA 0x{address:x} (shared bit {vm.SharedBit} clear) faulted with error_code 0x{code:x}; tdx_handle_ept_violation rewrites every private fault to ACC_WRITE (0x2)");
                    }

                    sharedFetch |= shared && (code & 0x4) != 0;
                    break;
                default:
                    break;
            }
        }

        if (sharedFetch)
        {
            // §6.1: an instruction fetch from a shared GPA is a KVM_BUG_ON: KVM_RUN fails with -EIO.
            return prediction with
            {
                Outcomes = [.. prediction.Outcomes.Where(o => o.Boundary == BoundaryKind.RunError && o.Errno == 5 && o.Required.Contains(Companion.PageFault))],
                Branch = prediction.Branch + " (shared GPA, instruction fetch → KVM_BUG_ON)",
                MissingUserspaceRule = RuleIds.SharedFetchResumed,
            };
        }

        return prediction;
    }

    private static bool IsTransparent(ObservedEvent u, ExitPrediction prediction, bool anyResume)
    {
        long code = u.A0;
        return u.IsRestart || (anyResume && !u.IsRunError && RequestExits.Contains(code)
                               && !prediction.Outcomes.Any(o => o.Boundary == BoundaryKind.Userspace && o.UserspaceCode == code));
    }

    private List<Outcome> Candidates(ExitPrediction prediction, ObservedEvent? boundary)
    {
        List<Outcome> list = _candidates;
        list.Clear();
        foreach (Outcome o in prediction.Outcomes)
        {
            bool match = boundary is not ObservedEvent u
                ? o.Boundary == BoundaryKind.Entry
                : u.IsRunError
                    ? o.Boundary == BoundaryKind.RunError && o.Errno == u.A1
                    : o.Boundary == BoundaryKind.Userspace && o.UserspaceCode == u.A0;
            if (match)
            {
                list.Add(o);
            }
        }

        return list;
    }

    /// <summary>The candidate that explains the observed companions best: fewest unexplained, then fewest missing.</summary>
    private Outcome Best(List<Outcome> candidates, CompanionSet handled)
    {
        Outcome best = candidates[0];
        (int extra, int missing) bestScore = (int.MaxValue, int.MaxValue);
        foreach (Outcome o in candidates)
        {
            int extra = handled.Except(o.Allowed).Count;
            int missing = o.Required.Intersect(_captured).Except(handled).Count;
            if ((extra, missing).CompareTo(bestScore) < 0)
            {
                best = o;
                bestScore = (extra, missing);
            }
        }

        return best;
    }

    private void CheckCompanions(Episode ep, Outcome outcome, CompanionSet seen, long[] firstLine, bool prefix)
    {
        CompanionSet allowed = prefix ? outcome.PrefixAllowed : outcome.Allowed;
        CompanionSet required = prefix ? outcome.PrefixRequired : outcome.Required;
        string where = prefix ? "at the next KVM_RUN" : "before the boundary";
        foreach (Companion c in seen.Except(allowed).Members())
        {
            Report(RuleIds.HandlerMismatch, ep, firstLine[(int)c], $"{(allowed.IsEmpty ? "nothing" : allowed.ToString())} {where} ({outcome.Name})",
                CompanionNames.Of(c), $"{CompanionNames.Of(c)} {where}, but the handler of this exit does not trace it ({outcome.Spec})");
        }

        foreach (Companion c in required.Intersect(_captured).Except(seen).Members())
        {
            long line = ep.Entry?.Line ?? ep.Exit?.Line ?? 0;
            Report(RuleIds.MissingCompanion, ep, line, $"{CompanionNames.Of(c)} {where} ({outcome.Name})", "none",
                $"{CompanionNames.Of(c)} is missing {where}; the handler always traces it ({outcome.Spec})");
        }
    }

    /// <summary>After a userspace exit: each next KVM_RUN's prefix and how it ends (completion callbacks, chains).</summary>
    private void FollowNextRuns(Episode ep, VmState vm, Outcome outcome, int start)
    {
        List<ObservedEvent> events = ep.Events;
        int i = start;
        while (true)
        {
            var prefix = CompanionSet.Empty;
            long[] firstLine = _firstLine;
            for (; i < events.Count; i++)
            {
                ObservedEvent e = events[i];
                if (e.Kind == EventKind.UserspaceExit)
                {
                    if (e.IsRestart)
                    {
                        continue;
                    }

                    break;
                }

                if (CompanionOf(e) is Companion c && !IsPrefixAmbient(c, vm.Mode) && !prefix.Contains(c))
                {
                    prefix = prefix.With(c);
                    firstLine[(int)c] = e.Line;
                }
            }

            if (i >= events.Count && ep.End != EpisodeEnd.Entry)
            {
                return;   // the recording stops inside the next KVM_RUN: nothing more to judge
            }

            CheckCompanions(ep, outcome, prefix, firstLine, prefix: true);
            if (i >= events.Count)
            {
                if (outcome.Effect == OutcomeEffect.FatalReported && ep.Entry is ObservedEvent entry)
                {
                    Report(RuleIds.FatalResumed, ep, entry.Line, "no kvm_entry after ReportFatalError", "kvm_entry",
                        "userspace ran the vCPU again after the TD reported a fatal error (KVM_EXIT_SYSTEM_EVENT, TDX_FATAL); the TD re-enters with R10 unchanged");
                }

                return;
            }

            ObservedEvent u = events[i];
            if (outcome.Chains && !u.IsRunError && u.A0 == outcome.UserspaceCode)
            {
                i++;
                continue;   // §4.1: the next 2 MiB chunk of the MapGPA range, with no kvm_entry in between
            }

            if (outcome.Leaf == TdvmcallLeaves.MapGpa && u.IsRunError && u.A1 == 22)
            {
                // §4.1: latest kernels fail KVM_RUN with -EINVAL when userspace's hypercall.ret is not 0/EAGAIN/EINVAL.
                Report(_profile == KernelProfile.Latest ? RuleIds.MapGpaBadReturn : RuleIds.WrongUserspaceReason, ep, u.Line,
                    "kvm_entry or the next chunk's KVM_EXIT_HYPERCALL", Describe(u),
                    _profile == KernelProfile.Latest
                        ? "userspace completed the MapGPA KVM_EXIT_HYPERCALL with a hypercall.ret other than 0, EAGAIN or EINVAL"
                        : "Linux 6.16 answers any non-zero hypercall.ret with INVALID_OPERAND and resumes; only later kernels fail KVM_RUN with EINVAL");
                return;
            }

            if (RequestExits.Contains(u.A0) && !u.IsRunError)
            {
                i++;
                continue;
            }

            Report(RuleIds.WrongUserspaceReason, ep, u.Line, $"kvm_entry after {outcome.BoundaryText} ({outcome.Name})", Describe(u),
                $"the KVM_RUN after {outcome.BoundaryText} ended in {Describe(u)} before entering the guest ({outcome.Spec})");
            return;
        }
    }

    private void ReportBoundary(Episode ep, ExitPrediction prediction, in ExitView view, ObservedEvent? boundary, GuestMode mode)
    {
        string expected = string.Join(" | ", prediction.Outcomes.Select(o => $"{o.BoundaryText} ({o.Name})").Distinct());
        if (boundary is not ObservedEvent u)
        {
            ObservedEvent entry = ep.Entry!.Value;
            Report(prediction.MissingUserspaceRule, ep, entry.Line, expected, "kvm_entry",
                $"{prediction.Branch} cannot resume the guest, but kvm_entry follows ({prediction.Spec})");
            return;
        }

        bool onlyResume = prediction.Outcomes.All(o => o.Boundary == BoundaryKind.Entry);
        string rule = onlyResume ? prediction.UnexpectedUserspaceRule : RuleIds.WrongUserspaceReason;
        if (mode == GuestMode.Tdx && u.A0 == UserspaceExitReasons.Tdx && !u.IsRunError && view.Basic != (int)VmxExitReasons.Tdcall)
        {
            rule = RuleIds.ExitTdxWithoutTdcall;
        }

        Report(rule, ep, u.Line, expected, Describe(u),
            $"{prediction.Branch} cannot end KVM_RUN with {Describe(u)} ({prediction.Spec})");
    }

    private EpisodeVerdict Close(Episode ep, VmState vm, Outcome? matched)
    {
        if (ep.Entry is ObservedEvent entry)
        {
            if (vm.UnusableSinceLine > 0 && vm.UnusableSinceLine < entry.Line)
            {
                Report(RuleIds.UnusableVmEntered, ep, entry.Line, "error (5) for every KVM_RUN", "kvm_entry",
                    $"KVM marked this VM bugged or dead at line {vm.UnusableSinceLine.ToString(CultureInfo.InvariantCulture)}, yet a vCPU entered the guest");
            }

            if (vm.Mode == GuestMode.Tdx && (entry.A1 != 0 || entry.A2 != 0 || entry.A3 != 0))
            {
                Report(RuleIds.EntryInjection, ep, entry.Line, "kvm_entry intr_info 0x0 error_code 0x0, no immediate exit", Describe(entry),
                    "tdx_vcpu_run traces kvm_entry with intr_info and error_code 0 (vt_get_entry_info) and never forces an immediate exit");
            }
        }

        long? latency = ep.Exit is ObservedEvent exit && ep.Entry is ObservedEvent closing ? closing.Timestamp - exit.Timestamp : null;
        return new EpisodeVerdict(matched, null, latency, _reported);
    }

    private static void ApplyEffect(Outcome outcome, Episode ep, VmState vm)
    {
        if (outcome.Effect == OutcomeEffect.VmUnusable && vm.UnusableSinceLine == 0)
        {
            vm.UnusableSinceLine = ep.Exit?.Line ?? 1;
        }
    }

    /// <summary>Companions any exit may show without telling anything about its handler.</summary>
    private static bool IsAmbient(Companion c, GuestMode mode, ExitPrediction prediction) => mode switch
    {
        // §7: a vCPU blocked at the start of a KVM_RUN (halted before a signal) wakes there; the TD rules report
        // injection and emulation themselves.
        GuestMode.Tdx => c is Companion.InjVirq or Companion.InjException or Companion.EmulateInsn,

        // §11: VMX injects before every entry (kvm_inj_virq / kvm_inj_exception), whatever the exit was.
        _ => c is Companion.InjVirq or Companion.InjException or Companion.NestedVmexit
             || (c is Companion.VcpuWakeup or Companion.HaltPollNs && prediction.AnyAllowed.Contains(Companion.VcpuWakeup)),
    };

    /// <summary>Companions a KVM_RUN may trace before its kvm_entry whatever the previous exit was: a halted vCPU
    /// blocks (and wakes) at the start of a run (§7); VMX injects before entry (§11).</summary>
    private static bool IsPrefixAmbient(Companion c, GuestMode mode) =>
        c is Companion.VcpuWakeup or Companion.HaltPollNs
        || (mode == GuestMode.Vmx && c is Companion.InjVirq or Companion.InjException or Companion.NestedVmexit)
        || (mode == GuestMode.Tdx && c is Companion.InjVirq or Companion.InjException or Companion.EmulateInsn);

    private static Undecidable UndecidableOf(EpisodeEnd end) => end switch
    {
        EpisodeEnd.LostEvents => Undecidable.LostEvents,
        EpisodeEnd.Gap => Undecidable.Gap,
        _ => Undecidable.RecordingEnded,
    };

    internal static Companion? CompanionOf(in ObservedEvent e) => e.Kind switch
    {
        EventKind.Pio => e.A0 == 1 ? Companion.PioWrite : Companion.PioRead,
        EventKind.Mmio => e.A0 switch { 0 => Companion.MmioUnsatisfiedRead, 1 => Companion.MmioRead, _ => Companion.MmioWrite },
        EventKind.FastMmio => Companion.FastMmio,
        EventKind.Msr => e.A0 == 1 ? Companion.MsrWrite : Companion.MsrRead,
        EventKind.Cpuid => Companion.Cpuid,
        EventKind.Hypercall => Companion.Hypercall,
        EventKind.PageFault => Companion.PageFault,
        EventKind.VcpuWakeup => Companion.VcpuWakeup,
        EventKind.HaltPollNs => Companion.HaltPollNs,
        EventKind.InjVirq => Companion.InjVirq,
        EventKind.InjException => Companion.InjException,
        EventKind.EmulateInsn => Companion.EmulateInsn,
        EventKind.NestedVmexit => Companion.NestedVmexit,
        _ => null,
    };

    internal static ExitView ToView(in ObservedEvent exit) => new(
        exit.A0 is >= 0 and <= uint.MaxValue ? (uint)exit.A0 : null,
        Isa.Vmx,
        (ulong)exit.A2,
        (ulong)exit.A3,
        (ulong)exit.A4 & 0xFFFF_FFFF,
        (ulong)exit.A4 >> 32);

    /// <summary>An event as a reader sees it in the trace.</summary>
    internal static string Describe(in ObservedEvent e) => e.Kind switch
    {
        EventKind.UserspaceExit when e.IsRestart => "kvm_userspace_exit restart (4)",
        EventKind.UserspaceExit when e.IsRunError => $"kvm_userspace_exit error ({e.A1.ToString(CultureInfo.InvariantCulture)})",
        EventKind.UserspaceExit => $"kvm_userspace_exit {UserspaceExitReasons.DisplayName((int)e.A0)} ({e.A0.ToString(CultureInfo.InvariantCulture)})",
        EventKind.Entry => $"kvm_entry intr_info 0x{e.A1:x} error_code 0x{e.A2:x}{(e.A3 != 0 ? " [immediate exit]" : "")}",
        EventKind.Exit => $"kvm_exit reason {ExitReasonText.Of(e.A0)} info1 0x{e.A2:x} info2 0x{e.A3:x} intr_info 0x{e.A4 & 0xFFFF_FFFF:x}",
        _ => CompanionOf(e) is Companion c ? CompanionNames.Of(c) : e.Kind.ToString(),
    };

    private void Report(string rule, Episode ep, long eventLine, string expected, string observed, string message)
    {
        _reported++;
        ObservedEvent first = ep.Exit ?? ep.OpeningEntry ?? ep.Events[0];
        _report(new Divergence
        {
            Rule = rule,
            Severity = RuleCatalog.Get(rule).Severity,
            Vm = ep.Vm,
            Vcpu = ep.Vcpu,
            Tid = ep.Tid,
            TimestampNs = first.Timestamp,
            File = _fileName(first.File),
            Line = first.Line,
            EventLine = eventLine,
            Expected = expected,
            Observed = observed,
            Message = message,
        });
    }
}
