using TraceLab.Replay.Checking;
using TraceLab.Replay.Model;
using TraceLab.Synth;

namespace TraceLab.Replay.Tests.Injection;

/// <summary>
/// <c>tracelab synth --inject</c> against replay: for every injectable divergence, in every text format and several
/// kernel generations, replay reports exactly the injected episodes — each once, under its rule, at the offending
/// event's line — and nothing else, on traces large enough to hold thousands of ordinary episodes around them.
/// </summary>
public sealed class InjectedDivergenceTests
{
    private const long Events = 20_000;
    private const int Every = 500;

    /// <summary>VMX generations the VMX-capable kinds are tried on: the oldest, the info/info2 one, the first with FAILED_VMENTRY flags, the latest.</summary>
    private static readonly KernelGeneration[] s_vmxGenerations = [KernelGeneration.V2_6, KernelGeneration.V4, KernelGeneration.V5_9, KernelGeneration.V6_18];

    private static readonly KernelGeneration[] s_tdxGenerations = [KernelGeneration.V6_16, KernelGeneration.V6_18];

    public static TheoryData<SynthMode, DivergenceKind, Synth.TraceFormat, KernelGeneration> Cases()
    {
        var data = new TheoryData<SynthMode, DivergenceKind, Synth.TraceFormat, KernelGeneration>();
        foreach (SynthMode mode in Enum.GetValues<SynthMode>())
        {
            foreach (DivergenceKind kind in DivergenceKinds.All.Where(k => DivergenceKinds.AppliesTo(k, mode)))
            {
                foreach (Synth.TraceFormat format in Enum.GetValues<Synth.TraceFormat>())
                {
                    foreach (KernelGeneration generation in mode == SynthMode.Tdx ? s_tdxGenerations : s_vmxGenerations)
                    {
                        if (DivergenceKinds.Obstacle(kind, Options(mode, kind, format, generation)) is null)
                        {
                            data.Add(mode, kind, format, generation);
                        }
                    }
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Replay_reports_exactly_the_injected_episodes(SynthMode mode, DivergenceKind kind, Synth.TraceFormat format, KernelGeneration generation)
    {
        InjectedTrace trace = await InjectedTrace.RunAsync(Options(mode, kind, format, generation));
        trace.AssertReplayFindsExactlyTheInjected();

        // Not vacuous: the kind was injected several times (a VM ends with each tdx.userspace-without-exit).
        int minimum = kind == DivergenceKind.UserspaceWithoutExit ? 3 : 8;
        Assert.True(trace.Truth.Injected.Count >= minimum, $"only {trace.Truth.Injected.Count} injected");
        Assert.All(trace.Truth.Injected, d => Assert.Equal(kind, d.Kind));
        Assert.Equal(Events, trace.Truth.EventCount);
        Assert.All(trace.Report.Vms, vm => Assert.Equal(mode == SynthMode.Tdx ? GuestMode.Tdx : GuestMode.Vmx, vm.Mode));
    }

    public static TheoryData<SynthMode, DivergenceKind> DenseCases()
    {
        var data = new TheoryData<SynthMode, DivergenceKind>();
        foreach (SynthMode mode in Enum.GetValues<SynthMode>())
        {
            foreach (DivergenceKind kind in DivergenceKinds.All.Where(k => DivergenceKinds.AppliesTo(k, mode)))
            {
                data.Add(mode, kind);
            }
        }

        return data;
    }

    [Theory] // the densest rate the validator allows: injected episodes back to back on a thread, VMs ending early
    [MemberData(nameof(DenseCases))]
    public async Task Dense_injection_of_one_kind(SynthMode mode, DivergenceKind kind)
    {
        var options = new SynthOptions
        {
            Mode = mode,
            Format = Synth.TraceFormat.TracePipe,
            Generation = mode == SynthMode.Tdx ? KernelGeneration.V6_18 : KernelGeneration.V4,
            TargetEvents = 30_000,
            Seed = 700 + (int)kind,
            VmCount = 3,
            Inject = [kind],
            InjectEvery = 5,
        };
        InjectedTrace trace = await InjectedTrace.RunAsync(options);
        trace.AssertReplayFindsExactlyTheInjected();
        Assert.True(trace.Truth.Injected.Count >= 2, $"only {trace.Truth.Injected.Count} injected");
    }

    [Theory] // every kind the options allow, mixed, in one large trace per case
    [InlineData(SynthMode.Tdx, Synth.TraceFormat.Ftrace, KernelGeneration.V6_18, false)]
    [InlineData(SynthMode.Tdx, Synth.TraceFormat.PerfScript, KernelGeneration.V6_16, false)]
    [InlineData(SynthMode.Tdx, Synth.TraceFormat.TraceCmd, KernelGeneration.V6_18, true)]
    [InlineData(SynthMode.Vmx, Synth.TraceFormat.TracePipe, KernelGeneration.V5_4, false)]
    [InlineData(SynthMode.Vmx, Synth.TraceFormat.PerfScript, KernelGeneration.V6_18, true)]
    public async Task All_kinds_together_in_a_large_trace(SynthMode mode, Synth.TraceFormat format, KernelGeneration generation, bool kvmPlugin)
    {
        var options = new SynthOptions
        {
            Mode = mode,
            Format = format,
            Generation = generation,
            KvmPlugin = kvmPlugin,
            TargetEvents = 200_000,
            Seed = 4242,
            VmCount = 6,
            VcpusPerVm = 3,
            InjectEvery = 300,
        };
        options = options with { Inject = DivergenceKinds.For(options) };
        InjectedTrace trace = await InjectedTrace.RunAsync(options);
        trace.AssertReplayFindsExactlyTheInjected();
        var seen = trace.Truth.Injected.Select(d => d.Kind).ToHashSet();
        Assert.All(options.Inject, k => Assert.Contains(k, seen));
        Assert.Equal(200_000, trace.Truth.EventCount);
        Assert.All(trace.Report.Vms, vm => Assert.Equal(mode == SynthMode.Tdx ? GuestMode.Tdx : GuestMode.Vmx, vm.Mode));
    }

    [Fact] // a byte target (the ftrace header's count comes from a calibration run), the showcase script and a VM torn down at the end
    public async Task Injection_with_a_byte_target_showcase_and_fatal_error_at_the_end()
    {
        var options = new SynthOptions { TargetBytes = 4_000_000, Seed = 12, VmCount = 3, Showcase = true, ReportFatalErrorAtEnd = true, InjectEvery = 100 };
        options = options with { Inject = DivergenceKinds.For(options) };
        InjectedTrace trace = await InjectedTrace.RunAsync(options);
        trace.AssertReplayFindsExactlyTheInjected();
        Assert.True(trace.Truth.Injected.Count > 50, $"only {trace.Truth.Injected.Count} injected");
        string[] lines = System.Text.Encoding.ASCII.GetString(trace.Text).Split('\n');
        Assert.Contains($"entries-in-buffer/entries-written: {trace.Truth.EventCount}/{trace.Truth.EventCount} ", lines[2], StringComparison.Ordinal);
        Assert.Equal(trace.Truth.LineCount, lines.Length - 1);
    }

    [Theory]
    [InlineData(SynthMode.Tdx)]
    [InlineData(SynthMode.Vmx)]
    public async Task Large_clean_trace_has_no_truth_and_no_report(SynthMode mode)
    {
        InjectedTrace trace = await InjectedTrace.RunAsync(new SynthOptions { Mode = mode, TargetEvents = 200_000, Seed = 5, VmCount = 2, VcpusPerVm = 4 });
        Assert.Empty(trace.Truth.Injected);
        trace.AssertReplayFindsExactlyTheInjected();
    }

    [Fact]
    public void Every_kind_names_a_rule_of_the_catalog()
    {
        foreach (DivergenceKind kind in DivergenceKinds.All)
        {
            string rule = DivergenceKinds.RuleId(kind);
            Rule entry = RuleCatalog.Get(rule);
            Assert.Equal(rule, entry.Id);
            Assert.Equal(rule.StartsWith("tdx.", StringComparison.Ordinal), !DivergenceKinds.AppliesTo(kind, SynthMode.Vmx));
            Assert.Equal(rule.StartsWith("vmx.", StringComparison.Ordinal), !DivergenceKinds.AppliesTo(kind, SynthMode.Tdx));
        }

        Assert.Equal(DivergenceKinds.All.Count, DivergenceKinds.All.Distinct().Count());
    }

    private static SynthOptions Options(SynthMode mode, DivergenceKind kind, Synth.TraceFormat format, KernelGeneration generation) => new()
    {
        Mode = mode,
        Format = format,
        Generation = generation,
        TargetEvents = Events,
        Seed = 1000 + (10 * (int)kind) + (int)generation,
        VmCount = kind == DivergenceKind.UserspaceWithoutExit ? 8 : 1,
        VcpusPerVm = 2,
        Inject = [kind],
        InjectEvery = Every,
    };
}
