using TraceLab.Cli.Tests.Support;

namespace TraceLab.Cli.Tests;

/// <summary>
/// <c>synth</c> opens its output file before the generator validates the options, so a usage error (exit 2, which is
/// right) leaves an empty file at -o, or truncates an existing one. Nothing should be written on a usage error.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class SynthValidationTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("--events", "0")]
    [InlineData("--vcpus", "0")]
    [InlineData("--kernel", "5.9")]
    public async Task A_rejected_option_value_writes_no_file(string option, string value)
    {
        string output = _dir.File("t.txt");
        await File.WriteAllTextAsync(output, "keep me\n");

        CliResult r = await InProcessCli.RunAsync("synth", "-o", output, "--mode", "tdx", option, value);

        Assert.Equal(2, r.ExitCode);
        Assert.Equal("keep me\n", await File.ReadAllTextAsync(output));
    }
}
