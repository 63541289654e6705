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

    /// <summary>
    /// Inputs are paths, so a token like <c>--bogus</c> would be taken for a file name and fail with "no such file"
    /// (exit 1). Reject it as what it is, an unknown option (exit 2).
    /// </summary>
    public static void RejectOptionLikeInputs(Argument<string[]> inputs) =>
        inputs.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                if (token.Value.Length > 1 && token.Value[0] == '-')
                {
                    result.AddError($"Unrecognized option '{token.Value}'.");
                }
            }
        });

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
