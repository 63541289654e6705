using TraceLab.Ingest.Tests.Support;
using TraceLab.Ingest.Text;
using TraceLab.TestKit;

namespace TraceLab.Ingest.Tests.Behaviour;

/// <summary>
/// The fast path may only accept a line when the general grammar reads every field of it the same way. Checked
/// line by line over the fixtures, the corpus and seeded damage to them; and the fast path must actually carry the
/// common shapes (a fast path that declines everything would pass the first check and speed nothing up).
/// </summary>
public sealed class CommonShapeParserTests
{
    private static readonly TraceFormat[] s_formats = [TraceFormat.Ftrace, TraceFormat.TraceCmd, TraceFormat.PerfScript];

    [Theory]
    [MemberData(nameof(FixtureFiles.All), MemberType = typeof(FixtureFiles))]
    public void Fixture_lines_the_fast_path_accepts_parse_as_the_general_grammar_reads_them(string fixture)
    {
        foreach (TraceFormat format in s_formats)
        {
            CheckLines(FixtureFiles.Read(fixture), format, fixture);
        }
    }

    [SharedTheory]
    [MemberData(nameof(CorpusFiles.All), MemberType = typeof(CorpusFiles))]
    public void Corpus_lines_the_fast_path_accepts_parse_as_the_general_grammar_reads_them(string name)
    {
        byte[] bytes = CorpusFiles.Read(name);
        foreach (TraceFormat format in s_formats)
        {
            CheckLines(bytes, format, name);
        }
    }

    [Fact]
    public void Damaged_lines_the_fast_path_accepts_parse_as_the_general_grammar_reads_them()
    {
        byte[] sample = FixtureFiles.Read(FixtureFiles.Names.First(n => n.StartsWith("ftrace", StringComparison.Ordinal)));
        var random = new Random(20261122);
        byte[] grammar = "\n\r\t []():.-/#0x9aZ_<"u8.ToArray();
        for (int round = 0; round < 2000; round++)
        {
            byte[] damaged = (byte[])sample.Clone();
            int flips = 1 + random.Next(6);
            for (int i = 0; i < flips; i++)
            {
                damaged[random.Next(damaged.Length)] = random.Next(3) == 0 ? (byte)random.Next(256) : grammar[random.Next(grammar.Length)];
            }

            CheckLines(damaged, s_formats[round % s_formats.Length], $"seed 20261122 round {round}");
        }
    }

    [Theory]
    [InlineData("ftrace/header-5flags-6.18.txt")]
    [InlineData("ftrace/trace-pipe-4flags-5.x.txt")]
    [InlineData("ftrace/trace-pipe-noflags-2.6.txt")]
    public void The_fast_path_carries_the_ftrace_shape(string fixture)
    {
        Assert.Contains(fixture, FixtureFiles.Names);
        (int events, int accepted) = CheckLines(FixtureFiles.Read(fixture), TraceFormat.Ftrace, fixture);
        Assert.True(events > 0, fixture);
        Assert.Equal(events, accepted);
    }

    [Theory]
    [InlineData("       CPU 0/KVM-12699   [001] d.... 33062.770360: kvm_exit: vcpu 0 reason HLT", "CPU 0/KVM", 12699, 1, 33062_770360_000L, "kvm_exit")]
    [InlineData("          <...>-1234    [023] ....  2925.640961: kvm_entry: vcpu 0", "<...>", 1234, 23, 2925_640961_000L, "kvm_entry")]
    [InlineData(" qemu-system-x86-7288 [000] 1242.099187123: kvm:kvm_pio: pio_write", "qemu-system-x86", 7288, 0, 1242_099187123L, "kvm_pio")]
    [InlineData("  a-b c-5 [3] 77: kvm_fpu: load", "a-b c", 5, 3, 77L, "kvm_fpu")]
    public void Accepted_lines_have_the_fields_a_reader_sees(string line, string task, int tid, int cpu, long timestamp, string name)
    {
        byte[] bytes = System.Text.Encoding.ASCII.GetBytes(line);
        var f = NewLine();
        int start = Array.FindIndex(bytes, b => b != (byte)' ');
        Assert.True(CommonShapeParser.TryParse(bytes, start, TraceFormat.Ftrace, ref f));
        Assert.Equal(task, System.Text.Encoding.ASCII.GetString(f.Task));
        Assert.Equal(tid, f.Tid);
        Assert.Equal(cpu, f.Cpu);
        Assert.Equal(timestamp, f.Timestamp);
        Assert.Equal(name, System.Text.Encoding.ASCII.GetString(f.Event));
    }

    [Theory]
    [InlineData("   CPU 0/KVM-7289 (   7280) [023] d.... 2925.640961: kvm_entry: vcpu 0")] // tgid column
    [InlineData("         kvmload  5933 [001]  1243.113742:        kvm:kvm_update_master_clock: x")] // perf comm tid
    [InlineData("realtrace_5898:  kvmload-5911  [001]  1242.100400: kvm_track_tsc: x")] // trace-cmd instance
    [InlineData("  CPU 0/KVM-7289 [023] d.... 2925.640961:")] // header only (wrapped)
    [InlineData("  CPU 0/KVM-7289 [023] d.... 2925.640961: kvm_entr")] // cut
    [InlineData("  CPU 0/KVM-7289 [023] d.... 2925.640961: <stack trace>")]
    [InlineData("  CPU 0/KVM-7289 [1234567] d.... 2925.640961: kvm_entry: vcpu 0")]
    [InlineData("  CPU 0/KVM-12345678901 [023] d.... 2925.640961: kvm_entry: vcpu 0")] // pid past int
    public void Other_shapes_are_left_to_the_general_grammar(string line)
    {
        byte[] bytes = System.Text.Encoding.ASCII.GetBytes(line);
        var f = NewLine();
        int start = Array.FindIndex(bytes, b => b != (byte)' ');
        Assert.False(CommonShapeParser.TryParse(bytes, start, TraceFormat.TraceCmd, ref f));
        Assert.True(f.Task.IsEmpty && f.Tid == -1 && f.Cpu == -1 && !f.HasTimestamp, "a declined line leaves the fields alone");
    }

    /// <summary>Checks every line; returns the number of lines the general grammar reads as events and how many of
    /// them the fast path accepted.</summary>
    private static (int Events, int Accepted) CheckLines(byte[] bytes, TraceFormat format, string what)
    {
        int events = 0, accepted = 0, lineNo = 0;
        foreach (Range r in bytes.AsSpan().Split((byte)'\n'))
        {
            lineNo++;
            ReadOnlySpan<byte> line = bytes.AsSpan()[r];
            LineShape general = TraceLineParser.ParseGeneral(line, format, out TraceLine g);
            events += general == LineShape.Event ? 1 : 0;

            // The same preparation as TraceLineParser.Parse: trailing blanks off, first non-blank byte.
            ReadOnlySpan<byte> text = line.TrimEnd(" \r\t"u8);
            int start = text.IndexOfAnyExcept((byte)' ', (byte)'\t');
            if (start < 0)
            {
                continue;
            }

            var f = NewLine();
            if (!CommonShapeParser.TryParse(text, start, format, ref f))
            {
                continue;
            }

            accepted++;
            string where = $"{what} ({format}) line {lineNo}: {System.Text.Encoding.Latin1.GetString(line)}";
            Assert.True(general == LineShape.Event, where);
            Assert.True(f.Task.SequenceEqual(g.Task), where);
            Assert.True(f.Event.SequenceEqual(g.Event), where);
            Assert.True(f.Payload.SequenceEqual(g.Payload), where);
            Assert.True(f.Tid == g.Tid && f.Tgid == g.Tgid && f.Cpu == g.Cpu, where);
            Assert.True(f.HasTimestamp == g.HasTimestamp && f.TimestampIsCounter == g.TimestampIsCounter && f.Timestamp == g.Timestamp, where);
            Assert.True(f.PayloadStart == g.PayloadStart && f.LostCount == g.LostCount, where);

            // And the parser ingest uses takes the fast path's reading.
            Assert.Equal(LineShape.Event, TraceLineParser.Parse(line, format, out TraceLine both));
            Assert.True(both.Payload.SequenceEqual(g.Payload) && both.Timestamp == g.Timestamp, where);
        }

        return (events, accepted);
    }

    private static TraceLine NewLine()
    {
        var f = default(TraceLine);
        f.Tid = -1;
        f.Tgid = -1;
        f.Cpu = -1;
        return f;
    }
}
