using System.IO.Pipelines;
using TraceLab.Ingest.Pipeline;
using TraceLab.Replay.Model;
using TraceLab.Replay.Output;
using TraceLab.Replay.Tests.Support;
using TraceLab.Store;
using TraceLab.Synth;
using TraceLab.TestKit;

namespace TraceLab.Replay.Tests.Corpus;

/// <summary>
/// Traces that follow spec §12 replay without a single divergence: the bundled samples, and synthetic TD and VMX
/// traces (TraceSynthesizer writes §12's expected next events) in every text format and kernel generation.
/// </summary>
public sealed class CleanTraceTests
{
    public static TheoryData<string> Samples()
    {
        var data = new TheoryData<string>();
        string dir = Path.Combine(RepositoryRoot(), "samples", "traces");
        foreach (string path in Directory.EnumerateFiles(dir, "*.txt").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(path));
        }

        return data;
    }

    public static TheoryData<SynthMode, Synth.TraceFormat, KernelGeneration> SynthCases()
    {
        var data = new TheoryData<SynthMode, Synth.TraceFormat, KernelGeneration>();
        foreach (Synth.TraceFormat format in Enum.GetValues<Synth.TraceFormat>())
        {
            foreach (KernelGeneration generation in Enum.GetValues<KernelGeneration>())
            {
                data.Add(SynthMode.Vmx, format, generation);
                if (generation >= KernelGeneration.V6_16)
                {
                    data.Add(SynthMode.Tdx, format, generation);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Bundled_sample_replays_clean(string sample)
    {
        byte[] bytes = await File.ReadAllBytesAsync(Path.Combine(RepositoryRoot(), "samples", "traces", sample));
        ReplayReport report = await ReplayAsync(bytes, sample);
        Assert.True(report.DivergenceCount == 0, ReportAssert.Describe(report));
        Assert.True(report.Decided >= report.Episodes - 2, ReportAssert.Describe(report));   // only the episodes cut by the end
    }

    [Theory]
    [MemberData(nameof(SynthCases))]
    public async Task Synthetic_trace_replays_clean(SynthMode mode, Synth.TraceFormat format, KernelGeneration generation)
    {
        var options = new SynthOptions { Mode = mode, Format = format, Generation = generation, TargetEvents = 20_000, Seed = 11 };
        using var text = new MemoryStream();
        TraceSynthesizer.Write(options, text, collectTruth: false);
        ReplayReport report = await ReplayAsync(text.ToArray(), $"{mode}-{format}-{generation}");
        Assert.True(report.DivergenceCount == 0, ReportAssert.Describe(report));
        Assert.All(report.Vms, vm => Assert.Equal(mode == SynthMode.Tdx ? GuestMode.Tdx : GuestMode.Vmx, vm.Mode));
        Assert.True(report.Decided > 1000, ReportAssert.Describe(report));
    }

    private static async Task<ReplayReport> ReplayAsync(byte[] bytes, string name)
    {
        var input = new TraceInput(name, bytes.Length, () => PipeReader.Create(new MemoryStream(bytes)));
        (MemoryStore store, _) = await TraceIngester.IngestToMemoryAsync([input], new IngestOptions());
        using (store)
        {
            return new ReplayEngine(new ReplayOptions()).Run([store], [name]);
        }
    }

    private static string RepositoryRoot() =>
        Path.GetFullPath(Path.Combine(TestProjectDirectory.Find(SourceFile(), typeof(CleanTraceTests).Assembly), "..", ".."));

    private static string SourceFile([System.Runtime.CompilerServices.CallerFilePath] string path = "") => path;
}
