using System.CommandLine;
using TraceLab.Cli.Commands;

namespace TraceLab.Cli;

/// <summary>
/// <c>tracelab</c>: the only project that touches the console, paths and exit codes. One file per verb under
/// Commands/. Exit codes (README): 0 ok, 1 the input had errors, 2 usage, 3 compare found a regression.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var root = new RootCommand("TraceLab: ingest, replay and compare KVM exit traces.")
        {
            IngestCommand.Create(),
            StatsCommand.Create(),
            ReplayCommand.Create(),
            SynthCommand.Create(),
            DemoCommand.Create(),
            InfoCommand.Create(),
            SchemaCommand.Create(),
        };

        ParseResult parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await Console.Error.WriteLineAsync("tracelab: " + error.Message).ConfigureAwait(false);
            }

            await Console.Error.WriteLineAsync("Run 'tracelab --help' for usage.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A missing output folder, a full disk, a permission problem: the user's to fix, so a message, not a
            // stack trace. (StoreFormatException is an IOException too.) Anything else is a bug and should crash.
            await Console.Error.WriteLineAsync("tracelab: " + e.Message).ConfigureAwait(false);
            return ExitCodes.InputError;
        }
    }
}
