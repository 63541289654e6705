using System.Text;
using TraceLab.Ingest.Pipeline;
using TraceLab.Ingest.Tests.Support;
using TraceLab.Store;
using TraceLab.TestKit;

namespace TraceLab.Ingest.Tests.Hostile;

/// <summary>
/// Damaged and adversarial input must never stop an ingest: each case has to finish within a time limit (PerfView's
/// parser once hung on 146 fuzzed inputs) and produce a consistent store, with what was wrong counted as issues.
/// A failure names the seed and the damage, and leaves the input in the temp folder to reproduce it.
/// </summary>
public sealed class HostileInputTests
{
    private const int MutationsPerFixture = 12;
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(20);

    public static TheoryData<string> Degenerate => new()
    {
        "empty", "newline", "newlines", "crlf-only", "nul-bytes", "binary-noise", "megabyte-line", "megabyte-brackets", "bracket-digits",
    };

    [Theory]
    [MemberData(nameof(FixtureFiles.All), MemberType = typeof(FixtureFiles))]
    public async Task Mutated_fixtures_finish_with_a_consistent_store(string fixture)
    {
        byte[] original = FixtureFiles.Read(fixture);
        int seed = StableSeed(fixture);
        var random = new Random(seed);
        for (int i = 0; i < MutationsPerFixture; i++)
        {
            // Every third case also uses tiny chunks so the damage lands on chunk boundaries too.
            bool tinyChunks = i % 3 == 2;
            (byte[] bytes, string what) = Mutator.Mutate(original, random, allowLongLines: !tinyChunks);
            IngestOptions options = tinyChunks ? TestIngest.Options(2, 512) : TestIngest.Options();
            await IngestAndCheck(bytes, options, $"{fixture} seed {seed} case {i}: {what}");
        }
    }

    [Theory]
    [MemberData(nameof(Degenerate))]
    public async Task Degenerate_input_finishes_with_a_consistent_store(string name)
    {
        var noise = new Random(7);
        byte[] bytes = name switch
        {
            "empty" => [],
            "newline" => "\n"u8.ToArray(),
            "newlines" => Encoding.ASCII.GetBytes(new string('\n', 10_000)),
            "crlf-only" => Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("\r\n", 1000))),
            "nul-bytes" => new byte[100_000],
            "binary-noise" => RandomBytes(noise, 256 << 10),
            "megabyte-line" => Encoding.ASCII.GetBytes(new string('x', 1 << 20)),
            "megabyte-brackets" => Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(" [1]", 1 << 18))),
            _ => Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("a-1 [001] 1.000001: kvm_exit: reason ", 20_000))),
        };

        var (store, result) = await IngestAndCheck(bytes, TestIngest.Options(), name);
        Assert.Equal(bytes.Length, result.Bytes);
        if (name is "empty" or "newline" or "newlines" or "crlf-only")
        {
            Assert.Equal(0, store.Metadata.Events);
            Assert.Empty(store.Metadata.Issues);
        }
    }

    [Fact]
    public async Task Megabyte_line_without_newline_in_the_middle_of_a_trace_costs_only_that_line()
    {
        byte[] trace = FixtureFiles.Read("ftrace/trace-pipe-4flags-5.x.txt");
        int cut = Array.IndexOf(trace, (byte)'\n', trace.Length / 2) + 1;
        byte[] bytes = [.. trace[..cut], .. Encoding.ASCII.GetBytes(new string('z', 1 << 20)), (byte)'\n', .. trace[cut..]];
        var (damaged, _) = await IngestAndCheck(bytes, TestIngest.Options(), "megabyte line in the middle");
        var (clean, _) = await TestIngest.RunAsync(trace);
        Assert.Equal(clean.Metadata.Events + 1, damaged.Metadata.Events);  // the long line becomes one gap row
        Assert.Equal(1, damaged.Metadata.Issues.Single(i => i.Kind == "unrecognized-line").Count);
    }

    private static async Task<(MemoryStore Store, IngestResult Result)> IngestAndCheck(byte[] bytes, IngestOptions options, string what)
    {
        try
        {
            var (store, result) = await TestIngest.RunAsync(SequenceSplits.Create(bytes, SplitShape.ThreeSegments), options, "hostile.txt", s_timeout);
            long lines = bytes.Count(b => b == (byte)'\n') + (bytes.Length > 0 && bytes[^1] != (byte)'\n' ? 1 : 0);
            List<string> problems = StoreInvariants.Check(store, Math.Max(lines, 1));
            Assert.True(problems.Count == 0, $"{what}: inconsistent store ({Save(bytes)}):\n  " + string.Join("\n  ", problems));
            return (store, result);
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            Assert.Fail($"{what}: ingest threw ({Save(bytes)}): {e}");
            throw;
        }
    }

    private static string Save(byte[] bytes)
    {
        string path = Path.Combine(Path.GetTempPath(), $"tracelab-hostile-{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(bytes))[..12]}.txt");
        File.WriteAllBytes(path, bytes);
        return "input saved to " + path;
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        byte[] bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>A seed that depends only on the fixture's name (string.GetHashCode is randomised per process).</summary>
    private static int StableSeed(string name) => name.Aggregate(17, (h, c) => unchecked((h * 31) + c));
}
