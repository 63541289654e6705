using System.CommandLine;
using TraceLab.Cli.Output;
using TraceLab.Ingest.Pipeline;
using TraceLab.Ingest.Text;
using TraceLab.Replay;
using TraceLab.Replay.Model;
using TraceLab.Replay.Output;

namespace TraceLab.Cli.Commands;

/// <summary>
/// <c>tracelab replay &lt;store|trace&gt;...</c>: re-drives every exit through the reference model of KVM's TDX and
/// VMX exit handlers and reports each divergence (docs/replay.md, docs/rules.md). Exit 0 when no divergence of
/// severity error, 1 when there is one, 2 on bad usage or an unreadable input.
/// </summary>
internal static class ReplayCommand
{
    public static Command Create()
    {
        var inputs = new Argument<string[]>("store-or-trace")
        {
            Description = "Stores written by 'tracelab ingest', or raw traces (ingested on the fly).",
            Arity = ArgumentArity.OneOrMore,
        };
        var mode = new Option<string>("--mode") { Description = "auto (decide per VM), tdx or vmx.", DefaultValueFactory = _ => "auto" };
        var kernel = new Option<string>("--kernel") { Description = "Kernel whose code the model follows: latest or linux-6.16.", DefaultValueFactory = _ => "latest" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object (schema in docs/replay.md)." };
        CommonOptions.RejectOptionLikeInputs(inputs);
        Option<string> format = CommonOptions.Format();
        Option<long> clockHz = CommonOptions.ClockHz();

        var command = new Command("replay", "Re-drive every exit through the model of KVM's exit handler and report each divergence.")
        {
            inputs, mode, kernel, json, format, clockHz,
        };
        command.SetAction(async (parse, ct) =>
        {
            ReplayModeOption? modeOption = parse.GetValue(mode) switch
            {
                "auto" => ReplayModeOption.Auto,
                "tdx" => ReplayModeOption.Tdx,
                "vmx" => ReplayModeOption.Vmx,
                _ => null,
            };
            if (modeOption is null)
            {
                Console.Error.WriteLine($"tracelab replay: unknown --mode '{parse.GetValue(mode)}'; use auto, tdx or vmx.");
                return ExitCodes.Usage;
            }

            if (!KernelProfileNames.TryParse(parse.GetValue(kernel)!, out KernelProfile profile))
            {
                Console.Error.WriteLine($"tracelab replay: unknown --kernel '{parse.GetValue(kernel)}'; use latest or linux-6.16.");
                return ExitCodes.Usage;
            }

            if (!CommonOptions.TryParseFormat(parse.GetValue(format)!, out TraceFormat fmt))
            {
                Console.Error.WriteLine($"tracelab replay: unknown --format '{parse.GetValue(format)}'; use auto, ftrace, trace-cmd or perf-script.");
                return ExitCodes.Usage;
            }

            string[] paths = parse.GetValue(inputs)!;
            if (InputCheck.FirstMissing(paths) is { } missing)
            {
                Console.Error.WriteLine($"tracelab replay: {missing}: no such file");
                return ExitCodes.Usage;
            }

            var ingest = new IngestOptions { Format = fmt, ClockHz = parse.GetValue(clockHz), Writer = VersionInfo.Writer };
            StoreSet set;
            try
            {
                set = await StoreSet.OpenAsync(paths, ingest, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The contract: an unreadable input is exit 2 for replay (1 means "divergence found").
                Console.Error.WriteLine("tracelab replay: " + e.Message);
                return ExitCodes.Usage;
            }

            using (set)
            {
                var engine = new ReplayEngine(new ReplayOptions { Mode = modeOption.Value, Kernel = profile });
                ReplayReport report = engine.Run(set.Stores, paths);
                if (parse.GetValue(json))
                {
                    ReplayJsonWriter.Write(report, Console.Out);
                }
                else
                {
                    ReplayTextWriter.Write(report, Console.Out);
                }

                return report.HasErrors ? ExitCodes.Divergence : ExitCodes.Ok;
            }
        });
        return command;
    }
}
