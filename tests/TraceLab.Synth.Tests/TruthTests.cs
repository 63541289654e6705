using System.Globalization;
using TraceLab.Synth.Tests.Support;
using TraceLab.Synth.Truth;

namespace TraceLab.Synth.Tests;

/// <summary>The truth object and its TSV sidecar agree with the text, checked with plain string scanning.</summary>
public sealed class TruthTests
{
    public static TheoryData<string> Cases() => OptionMatrix.Names();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Event_counts_match_a_plain_scan_of_the_text(string name)
    {
        Generated g = OptionMatrix.Trace(name);
        var counted = new Dictionary<string, long>(StringComparer.Ordinal);
        string[] lines = g.Text.Split('\n');
        for (int i = (int)g.Truth.HeaderLineCount; i < lines.Length - 1; i++)
        {
            // The event name follows the timestamp's ": " (perf: after "kvm:") and ends at the next ':'.
            string line = lines[i];
            int perf = line.IndexOf(" kvm:kvm_", StringComparison.Ordinal);
            int start = perf >= 0 ? perf + 5 : line.IndexOf(": kvm_", StringComparison.Ordinal) + 2;
            string ev = line[start..line.IndexOf(':', start)];
            counted[ev] = counted.GetValueOrDefault(ev) + 1;
        }

        Assert.Equal(counted.OrderBy(k => k.Key), g.Truth.EventCounts.OrderBy(k => k.Key));
        Assert.Equal(g.Truth.EventCounts["kvm_exit"], g.Truth.ExitReasonCounts.Values.Sum());
        Assert.Equal(g.Bytes.LongLength, g.Truth.ByteCount);
        Assert.Equal(lines.Length - 1, g.Truth.LineCount);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_exit_record_describes_its_line(string name)
    {
        Generated g = OptionMatrix.Trace(name);
        SynthOptions o = g.Options;
        Assert.Equal(g.Truth.EventCounts["kvm_exit"], g.Truth.Exits.Count);
        var byLine = g.Lines.ToDictionary(l => l.LineNumber);
        var reasonCounts = new Dictionary<uint, long>();
        foreach (ExitTruth e in g.Truth.Exits)
        {
            ParsedLine line = byLine[e.LineNumber];
            Assert.Equal("kvm_exit", line.Event);
            Assert.Equal(e.Tid, line.Pid);
            Assert.Equal(e.Cpu, line.Cpu);
            Assert.Equal(e.Timestamp, line.Timestamp);
            Assert.Equal(TraceLab.Store.Kvm.Isa.Vmx, e.Isa);
            Assert.Equal(e.Vcpu, g.Truth.Threads.Single(t => t.Tid == e.Tid).Vcpu);
            if (!o.KvmPlugin && o.Generation >= KernelGeneration.V5_4)
            {
                Assert.StartsWith("vcpu " + e.Vcpu.ToString(CultureInfo.InvariantCulture) + " ", line.Payload, StringComparison.Ordinal);
            }

            if (o.Generation >= KernelGeneration.V5_9 || o.KvmPlugin)
            {
                Assert.Equal(e.ExitReason, Episodes.Reason(line.Payload));
            }

            reasonCounts[e.ExitReason] = reasonCounts.GetValueOrDefault(e.ExitReason) + 1;

            // Handling = this thread's next kvm_entry minus the exit; the first userspace exit before it.
            List<ParsedLine> thread = g.Thread(e.Tid);
            int at = thread.FindIndex(l => l.LineNumber == e.LineNumber);
            var rest = thread.Skip(at + 1).TakeWhile(l => l.Event != "kvm_exit").ToList();
            ParsedLine? entry = rest.FirstOrDefault(l => l.Event == "kvm_entry");
            Assert.Equal(entry is null ? -1 : entry.Timestamp - line.Timestamp, e.HandlingTime);
            ParsedLine? user = rest.TakeWhile(l => l.Event != "kvm_entry").FirstOrDefault(l => l.Event == "kvm_userspace_exit");
            if (user is null)
            {
                Assert.Equal(-1, e.UserspaceExitReason);
            }
            else
            {
                int code = int.Parse(user.Payload[(user.Payload.LastIndexOf('(') + 1)..^1], CultureInfo.InvariantCulture);
                bool restart = user.Payload.StartsWith("reason restart", StringComparison.Ordinal);
                Assert.Equal(restart ? 10 : code, e.UserspaceExitReason);
                Assert.Equal(restart ? 4 : 0, e.UserspaceErrno);
            }
        }

        Assert.Equal(reasonCounts.OrderBy(k => k.Key), g.Truth.ExitReasonCounts.OrderBy(k => k.Key));
    }

    [Fact]
    public void Microsecond_text_gives_truncated_truth_and_raw_counters_give_ticks()
    {
        SynthTruth usec = Generated.Run(new SynthOptions { TargetEvents = 2_000 }).Truth;
        Assert.Equal(TimestampUnit.Nanoseconds, usec.TimestampUnit);
        Assert.All(usec.Exits, e => Assert.Equal(0, e.Timestamp % 1000));
        SynthTruth nsec = Generated.Run(new SynthOptions { TargetEvents = 2_000, Timestamps = TimestampStyle.Nsec }).Truth;
        Assert.Contains(nsec.Exits, e => e.Timestamp % 1000 != 0);
        SynthTruth raw = Generated.Run(new SynthOptions { TargetEvents = 2_000, Timestamps = TimestampStyle.RawCounter }).Truth;
        Assert.Equal(TimestampUnit.Ticks, raw.TimestampUnit);
    }

    [Fact]
    public void Totals_only_mode_keeps_the_counts()
    {
        var o = new SynthOptions { TargetEvents = 3_000, Seed = 5 };
        SynthTruth full = Generated.Run(o).Truth;
        SynthTruth totals = Generated.Run(o, collectTruth: false).Truth;
        Assert.False(totals.HasExitDetails);
        Assert.Empty(totals.Exits);
        Assert.Equal(full.EventCounts, totals.EventCounts);
        Assert.Equal(full.ExitReasonCounts, totals.ExitReasonCounts);
    }

    [Fact]
    public void Headers_state_the_event_and_cpu_counts()
    {
        Generated f = Generated.Run(new SynthOptions { TargetEvents = 777, VmCount = 2, VcpusPerVm = 3 });
        string[] lines = f.Text.Split('\n');
        Assert.Equal("# entries-in-buffer/entries-written: 777/777   #P:" + f.Truth.HostCpus.ToString(CultureInfo.InvariantCulture), lines[2]);
        Generated t = Generated.Run(new SynthOptions { TargetEvents = 50, Format = TraceFormat.TraceCmd, HostCpus = 20 });
        Assert.StartsWith("cpus=20\n", t.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Tsv_sidecar_has_one_row_per_exit()
    {
        Generated g = Generated.Run(new SynthOptions { TargetEvents = 1_000, Showcase = true });
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        SynthTruthTsvWriter.Write(g.Truth, writer);
        string[] lines = writer.ToString().Split('\n');
        int header = Array.IndexOf(lines, SynthTruthTsvWriter.ExitHeader);
        Assert.True(header > 0);
        Assert.Equal(g.Truth.Exits.Count, lines.Length - 1 - header - 1);
        string[] first = lines[header + 1].Split('\t');
        ExitTruth e = g.Truth.Exits[0];
        Assert.Equal(e.LineNumber.ToString(CultureInfo.InvariantCulture), first[0]);
        Assert.Equal(e.Timestamp.ToString(CultureInfo.InvariantCulture), first[5]);
        Assert.Equal(e.ExitReason.ToString(CultureInfo.InvariantCulture), first[6]);
        Assert.Contains("# event_count\tkvm_exit\t" + g.Truth.EventCounts["kvm_exit"].ToString(CultureInfo.InvariantCulture), lines);
        Assert.Contains(lines, l => l.StartsWith("# exit_count\t4294967295\tTDX_INVALID(-1u)\t", StringComparison.Ordinal));
    }
}
