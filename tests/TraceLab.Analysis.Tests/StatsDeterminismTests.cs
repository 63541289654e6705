using TraceLab.Analysis.Stats;
using TraceLab.Analysis.Stats.Writers;
using TraceLab.Analysis.Tests.Support;
using TraceLab.Store;
using TraceLab.Store.Kvm;

namespace TraceLab.Analysis.Tests;

public sealed class StatsDeterminismTests
{
    private static readonly (uint Code, string Name)[] s_reasons =
        [(1, "EXTERNAL_INTERRUPT"), (10, "CPUID"), (12, "HLT"), (30, "IO_INSTRUCTION"), (31, "MSR_READ"), (32, "MSR_WRITE"), (48, "EPT_VIOLATION"), (49, "EPT_MISCONFIG")];

    public static TheoryData<StatsEvent, StatsGrouping> Modes()
    {
        var data = new TheoryData<StatsEvent, StatsGrouping>();
        foreach (StatsEvent mode in Enum.GetValues<StatsEvent>())
        {
            foreach (StatsGrouping grouping in Enum.GetValues<StatsGrouping>())
            {
                data.Add(mode, grouping);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void Row_group_layout_and_thread_count_do_not_change_the_result(StatsEvent mode, StatsGrouping grouping)
    {
        // A small exact limit makes large groups take the histogram path, so partial histograms get merged too.
        var options = new StatsOptions { Event = mode, GroupBy = grouping, ExactPercentileLimit = 40 };
        string reference = Json(RandomTrace(rowGroupSize: 1_000_000), options with { MaxDegreeOfParallelism = 1 });

        Assert.Equal(reference, Json(RandomTrace(rowGroupSize: 7), options with { MaxDegreeOfParallelism = 4 }));
        Assert.Equal(reference, Json(RandomTrace(rowGroupSize: 64), options with { MaxDegreeOfParallelism = 2 }));
        Assert.Equal(reference, Json(RandomTrace(rowGroupSize: 500), options));
        Assert.Contains("\"count\"", reference, StringComparison.Ordinal);
    }

    private static string Json(MemoryStore store, StatsOptions options)
    {
        using var writer = new StringWriter();
        JsonStatsWriter.Write(StatsEngine.Compute([store], options), writer);
        return writer.ToString();
    }

    private static MemoryStore RandomTrace(int rowGroupSize)
    {
        var random = new Random(1234);
        var trace = new TraceBuilder();
        for (int i = 0; i < 3000; i++)
        {
            (uint code, string name) = s_reasons[random.Next(s_reasons.Length)];
            int vcpu = random.Next(4);
            int vm = random.Next(2);
            long handling = random.Next(20) == 0 ? -1 : (long)Math.Exp(6 + random.NextDouble() * 8);
            long? userspace = random.Next(6) switch
            {
                0 => UserspaceExitReasons.Io,
                1 => UserspaceExitReasons.Mmio,
                2 => -4,
                _ => null,
            };
            (EventKind, long, long, long)[] companions = code switch
            {
                30 => [(EventKind.Pio, random.Next(2), 0x70 + random.Next(3), 1)],
                31 or 32 => [(EventKind.Msr, code == 32 ? 1 : 0, 0x830 + random.Next(4), 0)],
                49 => [(EventKind.Mmio, random.Next(3), 4, 0xfee00300 + (random.Next(4) * 0x10))],
                _ => [],
            };
            trace.Exit(code, name, handling, tid: 100 + (vm * 10) + vcpu, vcpu: vcpu, vm: vm, isa: Isa.Vmx,
                userspace: userspace, interleaveForeign: random.Next(10) == 0, companions);
            if (random.Next(50) == 0)
            {
                trace.UserspaceExitOnly(-4, tid: 100 + (vm * 10) + vcpu, vcpu: vcpu, vm: vm);
            }
        }

        trace.ShuffleExits(99);
        return trace.Build(rowGroupSize);
    }
}
