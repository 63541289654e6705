using System.CommandLine;
using TraceLab.Analysis.Stats;
using TraceLab.Analysis.Stats.Writers;
using TraceLab.Cli.Output;
using TraceLab.Ingest.Pipeline;
using TraceLab.Store;

namespace TraceLab.Cli.Commands;

/// <summary>
/// <c>tracelab demo</c>: the README's first command. Ingests the bundled TDX sample into a store next to it in the
/// temp folder and prints what <c>tracelab stats</c> would, so a new user sees the whole path in one step.
/// </summary>
internal static class DemoCommand
{
    public const string Sample = "samples/traces/tdx-ftrace-small.txt";

    public static Command Create()
    {
        var trace = new Option<string?>("--trace") { Description = "Trace to use instead of the bundled sample." };
        var command = new Command("demo", "Ingest the bundled TDX sample and print its exit statistics.") { trace };
        command.SetAction(async (parse, ct) =>
        {
            string? path = parse.GetValue(trace) ?? FindSample();
            if (path is null || !File.Exists(path))
            {
                Console.Error.WriteLine($"tracelab demo: cannot find {Sample}; run from the repository or pass --trace.");
                return ExitCodes.InputError;
            }

            string store = Path.Combine(Path.GetTempPath(), "tracelab-demo.tlab");
            var options = new IngestOptions { Writer = VersionInfo.Writer };
            IngestResult result = await TraceIngester.IngestToFileAsync([TraceInput.FromPath(path)], store, options, cancellationToken: ct).ConfigureAwait(false);
            IngestSummary.Print(Console.Out, result, store);
            Console.Out.WriteLine();
            using StoreReader reader = StoreReader.Open(store);
            StatsReport report = StatsEngine.Compute([reader], new StatsOptions());
            TableStatsWriter.Write(report, Console.Out);
            Console.Out.WriteLine();
            Console.Out.WriteLine($"Store: {store}. Try: tracelab stats {store} --by reason,vcpu, or --json.");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The sample, looked up from the working directory and from the executable's folder upwards.</summary>
    private static string? FindSample()
    {
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (DirectoryInfo? dir = new(start); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, Sample);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
