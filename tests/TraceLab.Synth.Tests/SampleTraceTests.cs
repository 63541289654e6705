using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using TraceLab.Synth.Tests.Support;
using TraceLab.Synth.Truth;

namespace TraceLab.Synth.Tests;

/// <summary>
/// samples/traces/*.txt (and their *.truth.tsv sidecars) are exactly what the generator writes for the options listed
/// here and in samples/traces/README.md. After a deliberate generator change, re-bless them with
/// <c>TRACELAB_ACCEPT=1 dotnet test tests/TraceLab.Synth.Tests --filter SampleTraceTests</c>.
/// </summary>
public sealed class SampleTraceTests
{
    private static readonly SynthOptions s_showcase = new() { Seed = 2025, VcpusPerVm = 2, Showcase = true, TargetEvents = 260 };

    private static readonly Dictionary<string, SynthOptions> s_samples = new(StringComparer.Ordinal)
    {
        ["tdx-ftrace-small.txt"] = s_showcase,
        ["tdx-trace-cmd-report.txt"] = s_showcase with { Format = TraceFormat.TraceCmd },
        ["tdx-trace-cmd-report-plugin.txt"] = s_showcase with { Format = TraceFormat.TraceCmd, KvmPlugin = true, TraceCmdInstance = "tdxtrace_4242", TargetEvents = 200 },
        ["tdx-perf-script.txt"] = s_showcase with { Format = TraceFormat.PerfScript },
        ["vmx-ftrace-small.txt"] = s_showcase with { Mode = SynthMode.Vmx },
        ["vmx-tracepipe-4.x.txt"] = s_showcase with { Mode = SynthMode.Vmx, Format = TraceFormat.TracePipe, Generation = KernelGeneration.V4, TargetEvents = 150 },
    };

    public static TheoryData<string> Samples() => new(s_samples.Keys);

    [Theory]
    [MemberData(nameof(Samples))]
    public void Bundled_sample_is_what_the_generator_writes(string file)
    {
        Generated g = Generated.Run(s_samples[file]);
        string truthFile = Path.ChangeExtension(file, ".truth.tsv");
        using var tsv = new StringWriter(CultureInfo.InvariantCulture);
        SynthTruthTsvWriter.Write(g.Truth, tsv);
        byte[] truthBytes = Encoding.ASCII.GetBytes(tsv.ToString());
        string dir = SamplesDirectory();
        if (Environment.GetEnvironmentVariable("TRACELAB_ACCEPT") == "1")
        {
            File.WriteAllBytes(Path.Combine(dir, file), g.Bytes);
            File.WriteAllBytes(Path.Combine(dir, truthFile), truthBytes);
            return;
        }

        string path = Path.Combine(dir, file);
        Assert.True(File.Exists(path), $"{path} is missing; create it with TRACELAB_ACCEPT=1 dotnet test tests/TraceLab.Synth.Tests --filter SampleTraceTests");
        Assert.True(g.Bytes.AsSpan().SequenceEqual(File.ReadAllBytes(path)), $"{file} differs from the generator's output; re-bless with TRACELAB_ACCEPT=1 if the change is intended");
        Assert.True(truthBytes.AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(dir, truthFile))), $"{truthFile} is stale");
        Assert.InRange(g.Truth.LineCount, 100, 400);
    }

    [Fact]
    public void Td_ftrace_sample_covers_the_scenarios_its_readme_promises()
    {
        string text = File.ReadAllText(Path.Combine(SamplesDirectory(), "tdx-ftrace-small.txt"));
        string[] promised =
        [
            "reason KVM_EXIT_HYPERCALL (3)", "reason 0x28 (40)", "reason EPT_VIOLATION", "kvm_page_fault: vcpu 0 rip 0x0 address 0x00008000",
            "reason EPT_MISCONFIG", "mmio unsatisfied-read", "reason HLT", "kvm_vcpu_wakeup:", "kvm_apicv_accept_irq:",
            "reason KVM_EXIT_IO (2)", "kvm_pio: pio_read", "reason 0xffff FAILED_VMENTRY 0x7fff0000", "reason 0x6 rip",
            "reason restart (4)", "error_code 0x2\n", "kvm_fast_mmio:",
        ];
        Assert.All(promised, p => Assert.Contains(p, text, StringComparison.Ordinal));
    }

    private static string SamplesDirectory([CallerFilePath] string source = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(source)!, "..", "..", "samples", "traces"));
}
