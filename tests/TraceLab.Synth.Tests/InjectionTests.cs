using System.Globalization;
using TraceLab.Synth.Tests.Support;
using TraceLab.Synth.Truth;

namespace TraceLab.Synth.Tests;

/// <summary>
/// <see cref="SynthOptions.Inject"/> at the generator's level: off by default without touching a byte, deterministic,
/// each recorded line the offending event of its kind on its vCPU's thread, and impossible requests rejected.
/// (That replay reports exactly these is TraceLab.Replay.Tests/Injection.)
/// </summary>
public sealed class InjectionTests
{
    /// <summary>The tracepoint replay reports each kind at.</summary>
    private static readonly Dictionary<DivergenceKind, string> s_reportedAt = new()
    {
        [DivergenceKind.UnexpectedUserspace] = "kvm_userspace_exit",
        [DivergenceKind.MissingUserspace] = "kvm_entry",
        [DivergenceKind.WrongUserspaceReason] = "kvm_userspace_exit",
        [DivergenceKind.HandlerMismatch] = "kvm_pio",
        [DivergenceKind.MissingCompanion] = "kvm_entry",
        [DivergenceKind.ConsecutiveExits] = "kvm_exit",
        [DivergenceKind.OtherSmiToUserspace] = "kvm_userspace_exit",
        [DivergenceKind.MsmiResumed] = "kvm_entry",
        [DivergenceKind.NmiToUserspace] = "kvm_userspace_exit",
        [DivergenceKind.UserspaceWithoutExit] = "kvm_userspace_exit",
        [DivergenceKind.EnterFailed] = "kvm_userspace_exit",
        [DivergenceKind.OperandBusyStorm] = "kvm_exit",
        [DivergenceKind.EntryFailure] = "kvm_userspace_exit",
        [DivergenceKind.FailedEntryResumed] = "kvm_entry",
        [DivergenceKind.BusLockMorph] = "kvm_exit",
        [DivergenceKind.Injection] = "kvm_inj_virq",
        [DivergenceKind.Emulation] = "kvm_emulate_insn",
        [DivergenceKind.EntryInjection] = "kvm_entry",
        [DivergenceKind.InvalidExitInfo] = "kvm_exit",
        [DivergenceKind.ExitTdxWithoutTdcall] = "kvm_userspace_exit",
        [DivergenceKind.FatalResumed] = "kvm_entry",
        [DivergenceKind.SharedFetchResumed] = "kvm_entry",
        [DivergenceKind.PrivateFaultCode] = "kvm_page_fault",
        [DivergenceKind.VmxStyleQualification] = "kvm_exit",
        [DivergenceKind.MapGpaBadReturn] = "kvm_userspace_exit",
        [DivergenceKind.UnhandledReasonResumed] = "kvm_entry",
        [DivergenceKind.VmxFailedEntryResumed] = "kvm_entry",
        [DivergenceKind.VmxTdcallInternalError] = "kvm_userspace_exit",
    };

    public static TheoryData<SynthMode> Modes() => new() { SynthMode.Tdx, SynthMode.Vmx };

    [Fact]
    public void Every_kind_has_a_rule_id_that_parses_back()
    {
        Assert.Equal(s_reportedAt.Keys.Order(), DivergenceKinds.All.Order());
        foreach (DivergenceKind kind in DivergenceKinds.All)
        {
            Assert.True(DivergenceKinds.TryParse(DivergenceKinds.RuleId(kind), out DivergenceKind parsed));
            Assert.Equal(kind, parsed);
        }

        Assert.False(DivergenceKinds.TryParse("tdx.no-such-rule", out _));
        Assert.False(DivergenceKinds.IsDefined(DivergenceKind.None));
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void Nothing_injected_is_byte_identical_to_the_default(SynthMode mode)
    {
        var options = new SynthOptions { Mode = mode, TargetEvents = 5_000, Seed = 21, Showcase = true };
        Generated plain = Generated.Run(options);
        Generated empty = Generated.Run(options with { Inject = [], InjectEvery = 7 });
        Assert.Equal(plain.Bytes, empty.Bytes);
        Assert.Empty(plain.Truth.Injected);
        Assert.Empty(empty.Truth.Injected);
    }

    [Fact]
    public void The_trace_is_unchanged_up_to_the_first_injected_exit()
    {
        // tdx.bus-lock-morph is reported at its own kvm_exit, the first event the injection changes: every line
        // before it comes from the same random numbers as without injection.
        var options = new SynthOptions { TargetEvents = 20_000, Seed = 8, VcpusPerVm = 4 };
        Generated plain = Generated.Run(options);
        Generated injected = Generated.Run(options with { Inject = [DivergenceKind.BusLockMorph], InjectEvery = 400 });
        long first = injected.Truth.Injected[0].Line;
        string[] a = plain.Text.Split('\n'), b = injected.Text.Split('\n');
        Assert.True(first > 100);
        Assert.Equal(a.Take((int)first - 1), b.Take((int)first - 1));
        Assert.NotEqual(a[first - 1], b[first - 1]);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void Injected_traces_are_deterministic_and_truth_collection_does_not_change_them(SynthMode mode)
    {
        var options = new SynthOptions { Mode = mode, TargetEvents = 30_000, Seed = 5, VmCount = 3, InjectEvery = 100 };
        options = options with { Inject = DivergenceKinds.For(options) };
        Generated first = Generated.Run(options, collectTruth: true);
        Generated second = Generated.Run(options, collectTruth: false);
        Assert.Equal(first.Bytes, second.Bytes);
        Assert.Equal(first.Truth.Injected, second.Truth.Injected);
        Assert.NotEqual(first.Bytes, Generated.Run(options with { Seed = 6 }).Bytes);
    }

    [Theory]
    [InlineData(SynthMode.Tdx, TraceFormat.Ftrace, KernelGeneration.V6_18)]
    [InlineData(SynthMode.Tdx, TraceFormat.PerfScript, KernelGeneration.V6_16)]
    [InlineData(SynthMode.Vmx, TraceFormat.TraceCmd, KernelGeneration.V4)]
    [InlineData(SynthMode.Vmx, TraceFormat.TracePipe, KernelGeneration.V2_6)]
    public void Each_recorded_line_is_the_offending_event_on_the_vcpus_thread(SynthMode mode, TraceFormat format, KernelGeneration generation)
    {
        var options = new SynthOptions { Mode = mode, Format = format, Generation = generation, TargetEvents = 40_000, Seed = 3, VmCount = 4, InjectEvery = 60 };
        options = options with { Inject = DivergenceKinds.For(options) };
        Generated g = Generated.Run(options);
        var byLine = g.Lines.ToDictionary(l => l.LineNumber);
        Assert.Equal(options.Inject.Order(), g.Truth.Injected.Select(d => d.Kind).Distinct().Order());
        foreach (InjectedDivergence d in g.Truth.Injected)
        {
            ParsedLine line = byLine[d.Line];
            Assert.True(line.Event == s_reportedAt[d.Kind], $"{d.Rule} at line {d.Line}: {line.Event}: {line.Payload}");
            Assert.Equal(d.Tid, line.Pid);
            Assert.Equal(d.Vcpu, g.Truth.Threads.Single(t => t.Tid == d.Tid).Vcpu);
        }

        Assert.Equal(g.Truth.Injected.OrderBy(d => d.Line).ThenBy(d => d.Kind), g.Truth.Injected);
    }

    [Fact]
    public void A_busy_storm_is_recorded_at_its_last_retry()
    {
        Generated g = Generated.Run(new SynthOptions { TargetEvents = 20_000, Seed = 4, Inject = [DivergenceKind.OperandBusyStorm], InjectEvery = 1_000 });
        Assert.NotEmpty(g.Truth.Injected);
        foreach (InjectedDivergence d in g.Truth.Injected)
        {
            List<ParsedLine> thread = g.Thread(d.Tid);
            int at = thread.FindIndex(l => l.LineNumber == d.Line);
            int retries = 0;
            for (int i = at; i >= 1 && IsBusy(thread[i]) && thread[i - 1].Event == "kvm_entry"; i -= 2)
            {
                retries++;
            }

            Assert.InRange(retries, 100, 160);
            if (at + 2 < thread.Count)
            {
                Assert.Equal("kvm_entry", thread[at + 1].Event);
                Assert.False(IsBusy(thread[at + 2]), thread[at + 2].Payload);
            }
        }

        static bool IsBusy(ParsedLine l) => l.Event == "kvm_exit" && l.Payload.Contains("reason 0xffff FAILED_VMENTRY 0x7fff0000", StringComparison.Ordinal);
    }

    [Fact]
    public void Userspace_without_exit_ends_its_vm_but_never_the_last_one()
    {
        Generated g = Generated.Run(new SynthOptions { TargetEvents = 30_000, Seed = 2, VmCount = 3, Inject = [DivergenceKind.UserspaceWithoutExit], InjectEvery = 50 });
        Assert.Equal(2, g.Truth.Injected.Count);
        Assert.Equal(30_000, g.Truth.EventCount);
        foreach (InjectedDivergence d in g.Truth.Injected)
        {
            // No thread of that VM enters its guest after the failure.
            var vmThreads = g.Truth.Threads.Where(t => t.Vm == d.Vm).Select(t => t.Tid).ToHashSet();
            Assert.DoesNotContain(g.Lines, l => l.LineNumber > d.Line && l.Event == "kvm_entry" && vmThreads.Contains(l.Pid));
            Assert.Equal(d.Line, g.Thread(d.Tid)[^1].LineNumber);
        }
    }

    [Fact]
    public void The_sidecar_lists_rule_and_line()
    {
        Generated g = Generated.Run(new SynthOptions { TargetEvents = 10_000, Seed = 1, Inject = [DivergenceKind.MsmiResumed, DivergenceKind.Injection], InjectEvery = 200 });
        var writer = new StringWriter();
        SynthTruthTsvWriter.WriteInjected(g.Truth, writer);
        string[] rows = writer.ToString().Split('\n');
        Assert.StartsWith("#", rows[0], StringComparison.Ordinal);
        Assert.Equal(SynthTruthTsvWriter.InjectedHeader, rows[1]);
        Assert.Equal(g.Truth.Injected.Count + 3, rows.Length);
        InjectedDivergence first = g.Truth.Injected[0];
        Assert.Equal(
            string.Join('\t', first.Rule, first.Line.ToString(CultureInfo.InvariantCulture), first.Vm.ToString(CultureInfo.InvariantCulture),
                first.Vcpu.ToString(CultureInfo.InvariantCulture), first.Tid.ToString(CultureInfo.InvariantCulture)),
            rows[2]);

        var truth = new StringWriter();
        SynthTruthTsvWriter.Write(g.Truth, truth);
        Assert.Contains("# injected\t" + g.Truth.Injected.Count.ToString(CultureInfo.InvariantCulture) + "\n", truth.ToString(), StringComparison.Ordinal);
    }

    public static TheoryData<string> BadOptions() => new(s_bad.Keys);

    private static readonly Dictionary<string, (SynthOptions Options, string Message)> s_bad = new(StringComparer.Ordinal)
    {
        ["unknown-kind"] = (new SynthOptions { Inject = [(DivergenceKind)999] }, "unknown divergence kind"),
        ["none-kind"] = (new SynthOptions { Inject = [DivergenceKind.None] }, "unknown divergence kind"),
        ["td-kind-in-vmx"] = (new SynthOptions { Mode = SynthMode.Vmx, Generation = KernelGeneration.V6_18, Inject = [DivergenceKind.MsmiResumed] }, "TDX-only"),
        ["vmx-kind-in-td"] = (new SynthOptions { Inject = [DivergenceKind.VmxFailedEntryResumed] }, "VMX-only"),
        ["nmi-with-plugin"] = (new SynthOptions { Format = TraceFormat.TraceCmd, KvmPlugin = true, Inject = [DivergenceKind.NmiToUserspace] }, "kvm plugin"),
        ["entry-injection-with-plugin"] = (new SynthOptions { Format = TraceFormat.PerfScript, KvmPlugin = true, Inject = [DivergenceKind.EntryInjection] }, "kvm plugin"),
        ["mapgpa-on-6.16"] = (new SynthOptions { Generation = KernelGeneration.V6_16, Inject = [DivergenceKind.MapGpaBadReturn] }, "V6_18"),
        ["userspace-without-exit-one-vm"] = (new SynthOptions { Inject = [DivergenceKind.UserspaceWithoutExit] }, "VmCount"),
        ["every-zero"] = (new SynthOptions { Inject = [DivergenceKind.Injection], InjectEvery = 0 }, "must be 5.."),
        ["every-four"] = (new SynthOptions { Inject = [DivergenceKind.Injection], InjectEvery = 4 }, "must be 5.."),
        ["null-list"] = (new SynthOptions { Inject = null! }, "must not be null"),
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void Impossible_injections_are_rejected(string name)
    {
        (SynthOptions options, string message) = s_bad[name];
        ArgumentException e = Assert.Throws<ArgumentException>(() => TraceSynthesizer.Write(options, Stream.Null, collectTruth: false));
        Assert.StartsWith("SynthOptions.Inject", e.Message, StringComparison.Ordinal);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }
}
