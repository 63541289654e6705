using System.IO.Pipelines;
using System.Text;
using TraceLab.Ingest.Pipeline;
using TraceLab.Replay.Model;
using TraceLab.Replay.Output;
using TraceLab.Store;

namespace TraceLab.Replay.Tests.Support;

/// <summary>Ingests trace text into memory (the real parser, the real store) and replays it.</summary>
public static class ReplayHarness
{
    public static ReplayReport Run(string text, ReplayModeOption mode = ReplayModeOption.Auto, KernelProfile kernel = KernelProfile.Latest)
    {
        byte[] bytes = Encoding.ASCII.GetBytes(text);
        var input = new TraceInput("t.txt", bytes.Length, () => PipeReader.Create(new MemoryStream(bytes)));
        (MemoryStore store, _) = TraceIngester.IngestToMemoryAsync([input], new IngestOptions()).GetAwaiter().GetResult();
        using (store)
        {
            return new ReplayEngine(new ReplayOptions { Mode = mode, Kernel = kernel }).Run([store], ["t.txt"]);
        }
    }

    public static ReplayReport Td(TraceScript script, KernelProfile kernel = KernelProfile.Latest) =>
        Run(script.Text, ReplayModeOption.Tdx, kernel);

    public static ReplayReport Vmx(TraceScript script, KernelProfile kernel = KernelProfile.Latest) =>
        Run(script.Text, ReplayModeOption.Vmx, kernel);
}
