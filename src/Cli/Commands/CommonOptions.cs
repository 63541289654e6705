using System.CommandLine;
using TraceLab.Ingest.Text;

namespace TraceLab.Cli.Commands;

/// <summary>Options shared by the commands that read traces.</summary>
internal static class CommonOptions
{
    public static Option<string> Format() => new("--format")
    {
        Description = "Input format: auto, ftrace, trace-cmd or perf-script (auto sniffs the first kilobytes).",
        DefaultValueFactory = _ => "auto",
    };

    public static Option<long> ClockHz() => new("--clock-hz")
    {
        Description = "Frequency of a counter trace clock (x86-tsc, counter): converts ticks to ns. Without it ticks are kept and labelled.",
    };

    public static bool TryParseFormat(string text, out TraceFormat format)
    {
        format = text switch
        {
            "auto" => TraceFormat.Auto,
            "ftrace" or "trace_pipe" => TraceFormat.Ftrace,
            "trace-cmd" => TraceFormat.TraceCmd,
            "perf-script" or "perf" => TraceFormat.PerfScript,
            _ => (TraceFormat)(-1),
        };
        return (int)format >= 0;
    }
}
