using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using TraceLab.Cli.Tests.Support;
using TraceLab.Store;
using TraceLab.TestKit;
using Xunit.Abstractions;

namespace TraceLab.Cli.Tests;

/// <summary>A ~200 MB synthetic trace, written once by the built tracelab for the kill tests.</summary>
public sealed class LargeTraceFixture : IAsyncLifetime, IDisposable
{
    private readonly TempDir _dir = new();

    public string Trace => _dir.File("big.txt");

    public async Task InitializeAsync()
    {
        CliResult r = await ChildCli.RunAsync(["synth", "--bytes", "200M", "-o", Trace, "--seed", "3"]);
        Assert.True(r.ExitCode == 0, r.ToString());
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _dir.Dispose();
}

/// <summary>
/// README: ingest writes "atomically (a crash or kill leaves no half-written store and keeps an existing one)".
/// A child <c>tracelab ingest</c> of ~200 MB is stopped mid-way by SIGKILL, SIGTERM or SIGINT; the store at -o must
/// be the old one, byte for byte. After SIGKILL a <c>*.tmp-&lt;pid&gt;-&lt;hex&gt;</c> file of the killed process may
/// remain (docs/store-format.md, "Atomic writes"); after a signal the process can handle, nothing may remain.
/// </summary>
public sealed partial class AtomicIngestTests : IClassFixture<LargeTraceFixture>, IDisposable
{
    private const int SigInt = 2;
    private const int SigTerm = 15;

    private readonly LargeTraceFixture _large;
    private readonly ITestOutputHelper _output;
    private readonly TempDir _dir = new();

    public AtomicIngestTests(LargeTraceFixture large, ITestOutputHelper output)
    {
        _large = large;
        _output = output;
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Sigkill_mid_ingest_keeps_the_existing_store_byte_identical()
    {
        (string store, byte[] before, string dump) = await ExistingStoreAsync();
        using ChildCli.Running child = ChildCli.Start(["ingest", _large.Trace, "-o", store, "--quiet"]);
        long tmpBytes = await WaitUntilMidIngestAsync(child.Process, store);

        child.Process.Kill();
        await child.Process.WaitForExitAsync();

        string[] names = _dir.FileNames();
        _output.WriteLine($"SIGKILL after the temp file held {tmpBytes:N0} bytes; left in the folder: {string.Join(", ", names)}");
        Assert.Equal(before, await File.ReadAllBytesAsync(store));
        Assert.Equal(dump, DumpOf(store));
        string tmpPattern = $"^{Regex.Escape(Path.GetFileName(store))}\\.tmp-{child.Process.Id}-[0-9a-f]{{8}}$";
        Assert.All(names.Where(n => n != Path.GetFileName(store)), n => Assert.Matches(tmpPattern, n));
        Assert.True(names.Length <= 2, string.Join(", ", names));
    }

    [Theory]
    [InlineData(SigTerm)]
    [InlineData(SigInt)]
    public async Task A_signal_mid_ingest_keeps_the_existing_store_and_removes_the_temp_file(int signal)
    {
        (string store, byte[] before, string dump) = await ExistingStoreAsync();
        using ChildCli.Running child = ChildCli.Start(["ingest", _large.Trace, "-o", store]);
        long tmpBytes = await WaitUntilMidIngestAsync(child.Process, store);

        Assert.Equal(0, Kill(child.Process.Id, signal));
        CliResult r = await child.WaitAsync(TimeSpan.FromSeconds(60));

        _output.WriteLine($"signal {signal} after the temp file held {tmpBytes:N0} bytes: {r}\nleft in the folder: {string.Join(", ", _dir.FileNames())}");
        Assert.NotEqual(0, r.ExitCode);
        Assert.DoesNotContain("Ingested", r.Out, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(store));
        Assert.Equal(dump, DumpOf(store));
        Assert.Equal(new[] { Path.GetFileName(store) }, _dir.FileNames());
    }

    /// <summary>A small valid store at -o, its bytes and its dump.</summary>
    private async Task<(string Store, byte[] Bytes, string Dump)> ExistingStoreAsync()
    {
        string store = _dir.File("existing.tlab");
        CliResult r = await ChildCli.RunAsync(["ingest", RepoPaths.Sample("tdx-ftrace-small.txt"), "-o", store, "--quiet"]);
        Assert.True(r.ExitCode == 0, r.ToString());
        return (store, await File.ReadAllBytesAsync(store), DumpOf(store));
    }

    /// <summary>
    /// Waits until the child has created its temp store and at least half a second has passed since it started,
    /// preferring a moment when the temp file already holds data; fails if the child finished first (the input
    /// is too small to test anything).
    /// </summary>
    private static async Task<long> WaitUntilMidIngestAsync(Process process, string store)
    {
        var clock = Stopwatch.StartNew();
        string dir = Path.GetDirectoryName(store)!;
        string pattern = Path.GetFileName(store) + $".tmp-{process.Id}-*";
        long bytes = -1;
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            Assert.False(process.HasExited, $"tracelab ingest ended (exit {(process.HasExited ? process.ExitCode : 0)}) before it could be stopped mid-way");
            string? tmp = Directory.GetFiles(dir, pattern).FirstOrDefault();
            if (tmp is not null)
            {
                bytes = new FileInfo(tmp).Length;
                bool halfSecond = clock.Elapsed >= TimeSpan.FromSeconds(0.5);
                if (halfSecond && (bytes > 0 || clock.Elapsed >= TimeSpan.FromSeconds(3)))
                {
                    return bytes;
                }
            }

            await Task.Delay(20);
        }

        throw new TimeoutException("tracelab ingest never created its temporary store file");
    }

    private static string DumpOf(string store)
    {
        using StoreReader reader = StoreReader.Open(store);
        return StoreDump.Dump(reader);
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
