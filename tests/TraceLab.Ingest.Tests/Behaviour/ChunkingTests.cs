using TraceLab.Ingest.Tests.Support;
using TraceLab.TestKit;

namespace TraceLab.Ingest.Tests.Behaviour;

/// <summary>
/// Ingest cuts the input into chunks parsed in parallel and merged in order; the result must not depend on where
/// the cuts fall or how many threads parse. Chunks of 256 bytes put a cut every two or three lines, so every
/// cross-line rule (wrapped lines, gaps, pairing, line numbers, payload offsets) is exercised across a cut.
/// </summary>
public sealed class ChunkingTests
{
    public static TheoryData<string> Fixtures => [.. FixtureFiles.Names];

    [Theory]
    [MemberData(nameof(Fixtures))]
    public async Task Small_chunks_and_thread_counts_give_the_same_store(string fixture)
    {
        byte[] bytes = FixtureFiles.Read(fixture);
        string reference = StoreDump.Dump((await TestIngest.RunAsync(bytes, TestIngest.Options(threads: 1), name: fixture)).Store);
        foreach ((int threads, int chunk) in new[] { (2, 8 << 20), (1, 256), (2, 256), (2, 384) })
        {
            string dump = StoreDump.Dump((await TestIngest.RunAsync(bytes, TestIngest.Options(threads, chunk), name: fixture)).Store);
            Assert.True(reference == dump,
                $"{fixture}: Threads={threads} ChunkBytes={chunk} differs from Threads=1 with one chunk:\n{DumpDiff.FirstDifference(reference, dump)}");
        }
    }
}
