using TraceLab.Ingest.Pipeline;
using TraceLab.Ingest.Tests.Support;
using TraceLab.TestKit;

namespace TraceLab.Ingest.Tests.Behaviour;

/// <summary>
/// The pipe may hand the ingester one buffer, a few, or one byte at a time with empty segments between (the
/// ReadOnlySequenceFactory shapes of dotnet/runtime): a line that straddles segments must parse exactly as one
/// that does not. Every fixture must give a byte-identical dump whatever the shape.
/// </summary>
public sealed class SegmentShapeTests
{
    [Theory]
    [MemberData(nameof(FixtureFiles.All), MemberType = typeof(FixtureFiles))]
    public async Task Every_segment_shape_gives_the_same_store(string fixture)
    {
        byte[] bytes = FixtureFiles.Read(fixture);
        string reference = StoreDump.Dump((await TestIngest.RunAsync(bytes, shape: SplitShape.OneSegment, name: fixture)).Store);
        foreach (SplitShape shape in new[] { SplitShape.ThreeSegments, SplitShape.BytePerSegmentWithEmpties })
        {
            string dump = StoreDump.Dump((await TestIngest.RunAsync(bytes, shape: shape, name: fixture)).Store);
            Assert.True(reference == dump, $"{fixture}: the {shape} dump differs from the one-segment dump:\n{DumpDiff.FirstDifference(reference, dump)}");
        }
    }

    [Theory]
    [MemberData(nameof(FixtureFiles.All), MemberType = typeof(FixtureFiles))]
    public async Task Input_trickling_in_a_few_bytes_per_read_gives_the_same_store(string fixture)
    {
        byte[] bytes = FixtureFiles.Read(fixture);
        string reference = StoreDump.Dump((await TestIngest.RunAsync(bytes, name: fixture)).Store);
        foreach (int piece in new[] { 1, 61 })
        {
            Task<(TraceLab.Store.MemoryStore Store, IngestResult Result)> ingest =
                TraceIngester.IngestToMemoryAsync([TrickleInput.Create(bytes, piece, fixture)], TestIngest.Options());
            Assert.True(await Task.WhenAny(ingest, Task.Delay(TestIngest.DefaultTimeout)) == ingest, $"{fixture}: trickled ingest did not finish");
            string dump = StoreDump.Dump((await ingest).Store);
            Assert.True(reference == dump, $"{fixture}: {piece}-byte reads differ from one read:\n{DumpDiff.FirstDifference(reference, dump)}");
        }
    }
}
