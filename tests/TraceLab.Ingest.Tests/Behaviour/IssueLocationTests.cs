using System.Text;
using TraceLab.Ingest.Tests.Support;
using TraceLab.Store.Kvm;
using TraceLab.Store.Schema;
using TraceLab.TestKit;

namespace TraceLab.Ingest.Tests.Behaviour;

/// <summary>
/// Issues are how a user finds what was wrong with a trace (file:line:column, compiler style), so their counts and
/// locations are checked exactly, with the expected columns counted by hand in the comments.
/// </summary>
public sealed class IssueLocationTests
{
    [Fact]
    public async Task Three_lost_event_markers_are_three_issues_at_their_lines()
    {
        var (store, _) = await TestIngest.RunAsync(FixtureFiles.Read("damaged/lost-events.txt"));
        // Lines 5 "CPU:3 [LOST 1234 EVENTS]", 9 "CPU:1 [LOST EVENTS]", 11 "CPU:2 [7 EVENTS DROPPED]"; markers start at column 1.
        Assert.Equal("lost-events\tdata-loss\t3\t5:1,9:1,11:1\n", StoreDump.Issues(store.Metadata));
        TableColumns ev = TableColumns.Read(store.GetTable(EventColumns.Schema.Name), EventColumns.Count);
        var markers = Enumerable.Range(0, ev.RowCount).Where(r => ev[EventColumns.Kind][r] == (long)EventKind.LostEvents)
            .Select(r => (ev[EventColumns.Line][r], ev[EventColumns.Cpu][r], ev[EventColumns.A0][r]));
        Assert.Equal([(5L, 3L, 1234L), (9L, 1L, 0L), (11L, 2L, 7L)], markers);
    }

    [Fact]
    public async Task Each_kind_of_bad_line_is_reported_at_its_column()
    {
        string text =
            "a-1 [000] 1.000001: kvm_exit: reason FROBNICATE rip 0x1 info 0 0\n" +   // 1: "FROBNICATE" starts after 37 characters → column 38
            "a-1 [000] 1.000002: kvm_pio: pio_sideways at 0x3f8\n" +               // 2: payload starts after 29 characters → column 30
            "a-1 [000] 1.000003: kvm_exit\n" +                                     // 3: 28 characters, the ':' is missing at column 29
            "   hello world\n" +                                                   // 4: first non-blank character at column 4
            "a-1 [000] 1.000004: kvm_entry: vcpu 0\n";
        var (store, _) = await TestIngest.RunAsync(Encoding.ASCII.GetBytes(text));
        Assert.Equal(
            "malformed-payload\twarning\t1\t2:30\n" +
            "truncated-line\tdata-loss\t1\t3:29\n" +
            "unknown-exit-reason\twarning\t1\t1:38\n" +
            "unrecognized-line\tinfo\t1\t4:4\n",
            StoreDump.Issues(store.Metadata));
    }

    [Fact]
    public async Task Time_going_backwards_on_one_cpu_is_reported_at_the_later_line_but_not_across_cpus()
    {
        string text =
            "a-1 [000] 2.000000: kvm_fpu: load\n" +
            "b-2 [001] 1.000000: kvm_fpu: load\n" +     // another CPU may lag: not an issue
            "a-1 [000] 1.999999: kvm_fpu: unload\n" +   // CPU 0 went back 1 µs
            "a-1 [000] 3.000000: kvm_fpu: load\n";
        var (store, _) = await TestIngest.RunAsync(Encoding.ASCII.GetBytes(text));
        Assert.Equal("timestamp-backwards\twarning\t1\t3:1\n", StoreDump.Issues(store.Metadata));
    }

    [Fact]
    public async Task Counter_and_second_stamps_in_one_file_are_a_mixed_clock_error()
    {
        string text =
            "a-1 [000] 303280081900681: kvm_fpu: load\n" +
            "a-1 [000] 303280.081999: kvm_fpu: unload\n";
        var (store, _) = await TestIngest.RunAsync(Encoding.ASCII.GetBytes(text));
        var mixed = store.Metadata.Issues.Single();
        Assert.Equal(("mixed-clock", "error", 1L), (mixed.Kind, mixed.Severity, mixed.Count));
    }

    [Fact]
    public async Task A_trace_of_only_exits_is_not_an_exit_without_entry_anomaly()
    {
        // trace-cmd record -e kvm_exit: every exit is followed by another exit by design (VcpuExitTracker says so).
        string text =
            "a-1 [000] 1.000001: kvm_exit: reason HLT rip 0x1 info 0 0\n" +
            "a-1 [000] 1.000002: kvm_exit: reason HLT rip 0x1 info 0 0\n" +
            "a-1 [000] 1.000003: kvm_exit: reason HLT rip 0x1 info 0 0\n";
        var (store, _) = await TestIngest.RunAsync(Encoding.ASCII.GetBytes(text));
        Assert.Empty(store.Metadata.Issues);
        Assert.Equal(3, store.Metadata.Exits);
    }
}
