using System.CommandLine;
using TraceLab.Cli.Output;
using TraceLab.Ingest.Pipeline;
using TraceLab.Ingest.Text;

namespace TraceLab.Cli.Commands;

/// <summary><c>tracelab ingest &lt;input&gt;... -o &lt;store&gt;</c>: text traces into a columnar store.</summary>
internal static class IngestCommand
{
    public static Command Create()
    {
        var inputs = new Argument<string[]>("input")
        {
            Description = "Trace files (ftrace, trace_pipe, trace-cmd report, perf script; .gz ok), or - for stdin.",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<string>("--output", "-o") { Description = "Store file to write (replaced atomically).", Required = true };
        CommonOptions.RejectOptionLikeInputs(inputs);
        Option<string> format = CommonOptions.Format();
        Option<long> clockHz = CommonOptions.ClockHz();
        var strict = new Option<bool>("--strict") { Description = "Fail (exit 1, no store written) if the input has any issue of severity warning or worse." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print no summary." };
        var threads = new Option<int>("--threads") { Description = "Parser threads (default: one per core).", DefaultValueFactory = _ => Environment.ProcessorCount };

        var command = new Command("ingest", "Read text traces into a columnar store.") { inputs, output, format, clockHz, strict, quiet, threads };
        command.SetAction(async (parse, ct) =>
        {
            if (!CommonOptions.TryParseFormat(parse.GetValue(format)!, out TraceFormat fmt))
            {
                Console.Error.WriteLine($"tracelab ingest: unknown --format '{parse.GetValue(format)}'; use auto, ftrace, trace-cmd or perf-script.");
                return ExitCodes.Usage;
            }

            string storePath = parse.GetValue(output)!;
            string[] paths = parse.GetValue(inputs)!;
            if (InputCheck.FirstMissing(paths) is { } missing)
            {
                Console.Error.WriteLine($"tracelab ingest: {missing}: no such file");
                return ExitCodes.InputError;
            }

            var options = new IngestOptions
            {
                Format = fmt,
                ClockHz = parse.GetValue(clockHz),
                Threads = Math.Max(1, parse.GetValue(threads)),
                Progress = ProgressPrinter.ForStderr(),
                Writer = VersionInfo.Writer,
            };
            var traceInputs = paths.Select(TraceInput.FromPath).ToList();
            bool isStrict = parse.GetValue(strict);
            IngestResult result = await TraceIngester.IngestToFileAsync(traceInputs, storePath, options,
                commitIf: r => !isStrict || !IngestSummary.HasProblems(r.Metadata), ct).ConfigureAwait(false);
            ProgressPrinter.Clear();
            if (!result.Committed)
            {
                IngestSummary.Print(Console.Error, result, storePath: null);
                Console.Error.WriteLine("tracelab ingest: --strict: the input has issues; no store was written.");
                return ExitCodes.InputError;
            }

            if (!parse.GetValue(quiet))
            {
                IngestSummary.Print(Console.Out, result, storePath);
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
