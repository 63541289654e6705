using TraceLab.Analysis.Stats;
using TraceLab.Analysis.Tests.Support;
using TraceLab.Store;
using TraceLab.Store.Metadata;

namespace TraceLab.Analysis.Tests;

public sealed class StatsEngineStoreTests
{
    [Fact]
    public void Several_stores_are_merged_even_when_their_pools_differ()
    {
        var first = new TraceBuilder();
        first.ReasonId("CPUID");
        first.Exit(12, "HLT", 100);
        first.Exit(10, "CPUID", 3);
        var second = new TraceBuilder();
        second.Exit(12, "HLT", 300);
        second.Exit(12, "HLT", -1);
        second.Exit(30, "IO_INSTRUCTION", 9);

        StatsReport report = StatsEngine.Compute([first.Build(), second.Build()], new StatsOptions());

        StatsRow hlt = StatsEngineCountTests.Row(report, 12);
        Assert.Equal("HLT", hlt.Reason);
        Assert.Equal(3, hlt.Latency.Count);
        Assert.Equal(2, hlt.Latency.Paired);
        Assert.Equal(400, hlt.Latency.TotalNs);
        Assert.Equal("CPUID", StatsEngineCountTests.Row(report, 10).Reason);
        Assert.Equal("IO_INSTRUCTION", StatsEngineCountTests.Row(report, 30).Reason);
        Assert.Equal(5, report.Exits);
    }

    [Fact]
    public void The_name_comes_from_the_earliest_store_and_row()
    {
        // Older kernels called reason 7 PENDING_INTERRUPT; the first store decides.
        var old = new TraceBuilder();
        old.Exit(7, "PENDING_INTERRUPT", 1);
        var recent = new TraceBuilder();
        recent.Exit(7, "INTERRUPT_WINDOW", 1);

        for (int threads = 1; threads <= 4; threads++)
        {
            StatsReport report = StatsEngine.Compute([old.Build(rowGroupSize: 1), recent.Build(rowGroupSize: 1)],
                new StatsOptions { MaxDegreeOfParallelism = threads });
            Assert.Equal("PENDING_INTERRUPT", Assert.Single(report.Rows).Reason);
        }
    }

    [Fact]
    public void Issues_are_merged_by_kind()
    {
        var first = new TraceBuilder();
        first.Exit(12, "HLT", 1);
        first.Metadata.Issues.Add(Issue("unpaired-entry", 2, "a.txt", 10));
        first.Metadata.Issues.Add(Issue("lost-events", 1, "a.txt", 20));
        var second = new TraceBuilder();
        second.Exit(12, "HLT", 1);
        second.Metadata.Issues.Add(Issue("unpaired-entry", 3, "b.txt", 5));

        StatsReport report = StatsEngine.Compute([first.Build(), second.Build()], new StatsOptions());

        Assert.Collection(report.Issues,
            i =>
            {
                Assert.Equal(("unpaired-entry", 5L), (i.Kind, i.Count));
                Assert.Equal(["a.txt", "b.txt"], i.Samples.Select(s => s.File));
            },
            i => Assert.Equal(("lost-events", 1L), (i.Kind, i.Count)));
        Assert.Equal(2, first.Metadata.Issues[0].Count);
    }

    [Fact]
    public void Mixed_time_units_are_refused()
    {
        var ns = new TraceBuilder();
        ns.Exit(12, "HLT", 1);
        var ticks = new TraceBuilder();
        ticks.Metadata.TimeUnit = "ticks";
        ticks.Exit(12, "HLT", 1);

        Assert.Throws<ArgumentException>(() => StatsEngine.Compute([ns.Build(), ticks.Build()], new StatsOptions()));
        Assert.Equal("ticks", StatsEngine.Compute([ticks.Build()], new StatsOptions()).TimeUnit);
    }

    [Fact]
    public void An_empty_store_gives_an_empty_report()
    {
        StatsReport report = StatsEngine.Compute([new MemoryStore()], new StatsOptions());

        Assert.Empty(report.Rows);
        Assert.Empty(report.UserspaceExits);
        Assert.Equal(0, report.TotalCount);
    }

    private static IssueSummary Issue(string kind, long count, string file, long line) => new()
    {
        Kind = kind,
        Severity = "warning",
        Count = count,
        Samples = [new IssueSample { File = file, Line = line, Column = 1, Text = "x" }],
    };
}
