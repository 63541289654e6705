namespace TraceLab.Cli.Tests.Support;

/// <summary>What one run of the CLI printed and returned.</summary>
internal sealed record CliResult(int ExitCode, string Out, string Err)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Out}\n--- stderr ---\n{Err}";
}

/// <summary>
/// Runs <c>TraceLab.Cli.Program.Main</c> in this process with Console.Out/Error redirected to strings. The console is
/// process-wide, so every test class that uses this belongs to <see cref="ConsoleCollection"/>, which xunit runs
/// alone; the gate below only guards against a test that forgets to.
/// </summary>
internal static class InProcessCli
{
    private static readonly SemaphoreSlim s_gate = new(1, 1);

    public static async Task<CliResult> RunAsync(params string[] args)
    {
        await s_gate.WaitAsync();
        TextWriter oldOut = Console.Out;
        TextWriter oldErr = Console.Error;
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        try
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
            int code = await Program.Main(args);
            Console.Out.Flush();
            Console.Error.Flush();
            return new CliResult(code, stdout.ToString(), stderr.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldErr);
            s_gate.Release();
        }
    }

    /// <summary>Runs and asserts exit code 0, showing the output on failure.</summary>
    public static async Task<CliResult> RunOkAsync(params string[] args)
    {
        CliResult r = await RunAsync(args);
        Assert.True(r.ExitCode == 0, $"tracelab {string.Join(' ', args)} failed: {r}");
        return r;
    }
}

/// <summary>Tests that redirect the process console: run one at a time, never beside each other.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCollection
{
    public const string Name = "Console";
}
