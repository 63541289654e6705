using System.CommandLine;
using TraceLab.Analysis.Stats;
using TraceLab.Analysis.Stats.Writers;
using TraceLab.Cli.Output;
using TraceLab.Ingest.Pipeline;
using TraceLab.Ingest.Text;
using TraceLab.Store;

namespace TraceLab.Cli.Commands;

/// <summary><c>tracelab stats &lt;store|trace&gt;...</c>: exit counts and latency distributions (docs/stats.md).</summary>
internal static class StatsCommand
{
    public static Command Create()
    {
        var inputs = new Argument<string[]>("store-or-trace")
        {
            Description = "Stores written by 'tracelab ingest', or raw traces (ingested on the fly). Several are combined.",
            Arity = ArgumentArity.OneOrMore,
        };
        var by = new Option<string>("--by") { Description = "Group by reason, vcpu, vm or reason,vcpu.", DefaultValueFactory = _ => "reason" };
        var evt = new Option<string>("--event") { Description = "vmexit, mmio, ioport, msr or userspace.", DefaultValueFactory = _ => "vmexit" };
        var vcpu = new Option<int?>("--vcpu") { Description = "Only this vCPU id." };
        var vm = new Option<int?>("--vm") { Description = "Only this VM id." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object (schema in docs/stats.md)." };
        var csv = new Option<bool>("--csv") { Description = "Print CSV, one row per group." };
        CommonOptions.RejectOptionLikeInputs(inputs);
        Option<string> format = CommonOptions.Format();
        Option<long> clockHz = CommonOptions.ClockHz();

        var command = new Command("stats", "Exit counts and latency distributions per reason, vCPU, VM, MMIO address, port, MSR or userspace exit.")
        {
            inputs, by, evt, vcpu, vm, json, csv, format, clockHz,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(json) && parse.GetValue(csv))
            {
                Console.Error.WriteLine("tracelab stats: --json and --csv exclude each other; pick one.");
                return ExitCodes.Usage;
            }

            StatsGrouping? grouping = parse.GetValue(by) switch
            {
                "reason" => StatsGrouping.Reason,
                "vcpu" => StatsGrouping.Vcpu,
                "vm" => StatsGrouping.Vm,
                "reason,vcpu" or "vcpu,reason" => StatsGrouping.ReasonVcpu,
                _ => null,
            };
            StatsEvent? mode = parse.GetValue(evt) switch
            {
                "vmexit" => StatsEvent.VmExit,
                "mmio" => StatsEvent.Mmio,
                "ioport" => StatsEvent.IoPort,
                "msr" => StatsEvent.Msr,
                "userspace" => StatsEvent.Userspace,
                _ => null,
            };
            if (grouping is null || mode is null || !CommonOptions.TryParseFormat(parse.GetValue(format)!, out TraceFormat fmt))
            {
                Console.Error.WriteLine(grouping is null
                    ? $"tracelab stats: unknown --by '{parse.GetValue(by)}'; use reason, vcpu, vm or reason,vcpu."
                    : mode is null
                        ? $"tracelab stats: unknown --event '{parse.GetValue(evt)}'; use vmexit, mmio, ioport, msr or userspace."
                        : $"tracelab stats: unknown --format '{parse.GetValue(format)}'; use auto, ftrace, trace-cmd or perf-script.");
                return ExitCodes.Usage;
            }

            string[] paths = parse.GetValue(inputs)!;
            if (InputCheck.FirstMissing(paths) is { } missing)
            {
                Console.Error.WriteLine($"tracelab stats: {missing}: no such file");
                return ExitCodes.InputError;
            }

            var ingest = new IngestOptions { Format = fmt, ClockHz = parse.GetValue(clockHz), Writer = VersionInfo.Writer };
            StoreSet set;
            try
            {
                set = await StoreSet.OpenAsync(paths, ingest, ct).ConfigureAwait(false);
            }
            catch (StoreFormatException e)
            {
                Console.Error.WriteLine("tracelab stats: " + e.Message);
                return ExitCodes.InputError;
            }

            using (set)
            {
                var options = new StatsOptions { GroupBy = grouping.Value, Event = mode.Value, Vcpu = parse.GetValue(vcpu), Vm = parse.GetValue(vm) };
                StatsReport report = StatsEngine.Compute(set.Stores, options);
                if (parse.GetValue(json))
                {
                    JsonStatsWriter.Write(report, Console.Out);
                    Console.Out.WriteLine();
                }
                else if (parse.GetValue(csv))
                {
                    CsvStatsWriter.Write(report, Console.Out);
                }
                else
                {
                    TableStatsWriter.Write(report, Console.Out);
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
