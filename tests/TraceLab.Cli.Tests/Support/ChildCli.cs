using System.Diagnostics;

namespace TraceLab.Cli.Tests.Support;

/// <summary>
/// Runs the built <c>tracelab</c> executable as a child process, for what only a real process shows: stdin, the
/// process exit code, signals and kills. The executable is the one copied next to this test assembly (the Cli
/// project is referenced), or the Cli project's own output folder beside it.
/// </summary>
internal static class ChildCli
{
    private static readonly Lazy<(string FileName, string[] Prefix)> s_command = new(Locate);

    /// <summary>A started child: the process plus tasks that collect its output.</summary>
    public sealed class Running : IDisposable
    {
        private readonly MemoryStream _stdout = new();
        private readonly Task _out;
        private readonly Task<string> _err;

        internal Running(Process process)
        {
            Process = process;
            _out = process.StandardOutput.BaseStream.CopyToAsync(_stdout);
            _err = process.StandardError.ReadToEndAsync();
        }

        public Process Process { get; }

        /// <summary>Everything the child wrote to stdout, as bytes; complete once <see cref="WaitAsync"/> returned.</summary>
        public byte[] StdoutBytes => _stdout.ToArray();

        public async Task<CliResult> WaitAsync(TimeSpan? limit = null)
        {
            using var cts = new CancellationTokenSource(limit ?? TimeSpan.FromSeconds(120));
            try
            {
                await Process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                Process.Kill(entireProcessTree: true);
                throw new TimeoutException($"tracelab (pid {Process.Id}) did not finish within {limit ?? TimeSpan.FromSeconds(120)}.");
            }

            await _out;
            return new CliResult(Process.ExitCode, System.Text.Encoding.UTF8.GetString(_stdout.ToArray()), await _err);
        }

        public void Dispose()
        {
            if (!Process.HasExited)
            {
                Process.Kill(entireProcessTree: true);
                Process.WaitForExit();
            }

            Process.Dispose();
            _stdout.Dispose();
        }
    }

    /// <summary>Starts tracelab with <paramref name="args"/>. <paramref name="tempDir"/> becomes its TMPDIR.</summary>
    public static Running Start(IEnumerable<string> args, string? workingDirectory = null, string? tempDir = null, bool redirectStdin = false)
    {
        (string fileName, string[] prefix) = s_command.Value;
        var psi = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectStdin,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Directory.GetCurrentDirectory(),
        };
        foreach (string a in prefix.Concat(args))
        {
            psi.ArgumentList.Add(a);
        }

        // No diagnostics IPC socket in TMPDIR, so a test can check that tracelab leaves nothing there.
        psi.Environment["DOTNET_EnableDiagnostics"] = "0";
        if (tempDir is not null)
        {
            psi.Environment["TMPDIR"] = tempDir.EndsWith('/') ? tempDir : tempDir + "/";
        }

        Process process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {fileName}");
        return new Running(process);
    }

    /// <summary>Runs to completion; <paramref name="stdin"/>, when given, is written to the child's stdin and closed.</summary>
    public static async Task<CliResult> RunAsync(IEnumerable<string> args, byte[]? stdin = null, string? workingDirectory = null, string? tempDir = null)
    {
        using Running child = Start(args, workingDirectory, tempDir, redirectStdin: true);
        Stream input = child.Process.StandardInput.BaseStream;
        if (stdin is not null)
        {
            try
            {
                await input.WriteAsync(stdin);
            }
            catch (IOException)
            {
                // The child may exit (e.g. a usage error) before reading its input; its exit code tells the story.
            }
        }

        try
        {
            input.Close();
        }
        catch (IOException)
        {
        }

        return await child.WaitAsync();
    }

    public static Task<CliResult> RunAsync(params string[] args) => RunAsync(args, null);

    private static (string FileName, string[] Prefix) Locate()
    {
        string baseDir = AppContext.BaseDirectory;
        string config = new DirectoryInfo(baseDir).Name; // artifacts/bin/TraceLab.Cli.Tests/<config>/
        string[] folders =
        [
            baseDir,
            Path.GetFullPath(Path.Combine(baseDir, "..", "..", "TraceLab.Cli", config)),
        ];
        foreach (string folder in folders)
        {
            string apphost = Path.Combine(folder, OperatingSystem.IsWindows() ? "tracelab.exe" : "tracelab");
            if (File.Exists(apphost))
            {
                return (apphost, []);
            }
        }

        foreach (string folder in folders)
        {
            string dll = Path.Combine(folder, "tracelab.dll");
            if (File.Exists(dll) && File.Exists(Path.Combine(folder, "tracelab.runtimeconfig.json")))
            {
                string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
                return (dotnet, [dll]);
            }
        }

        throw new InvalidOperationException($"Cannot find the tracelab executable in {string.Join(" or ", folders)}.");
    }
}
