using System.Text;
using TraceLab.Ingest.Tests.Support;
using TraceLab.Store;
using TraceLab.Store.Schema;
using TraceLab.TestKit;

namespace TraceLab.Ingest.Tests.Merge;

/// <summary>
/// The rare paths of the merge step's fast loops: two threads sharing a slot of the tracker's thread cache, the
/// timestamp check's slow path (a CPU beyond the initial slots, time going back mid-batch, missing stamps), and
/// unknown reason names interned in row order whatever the chunking.
/// </summary>
public sealed class MergeStepTests
{
    [Fact]
    public async Task Threads_sharing_a_cache_slot_keep_their_own_exits()
    {
        // Thread ids 1000 and 1256 are 256 apart: the same slot of the tracker's direct-mapped thread cache.
        string text =
            "  CPU 0/KVM-1000  [000] d....  1.000000: kvm_exit: vcpu 0 reason EXTERNAL_INTERRUPT rip 0x10 info1 0x0 info2 0x0 intr_info 0x0 error_code 0x0\n" +
            "  CPU 1/KVM-1256  [001] d....  1.000010: kvm_exit: vcpu 1 reason HLT rip 0x20 info1 0x0 info2 0x0 intr_info 0x0 error_code 0x0\n" +
            "  CPU 0/KVM-1000  [000] .....  1.000020: kvm_fpu: load\n" +
            "  CPU 1/KVM-1256  [001] .....  1.000030: kvm_fpu: unload\n" +
            "  CPU 0/KVM-1000  [000] d....  1.000100: kvm_entry: vcpu 0, rip 0x10\n" +
            "  CPU 1/KVM-1256  [001] d....  1.001000: kvm_entry: vcpu 1, rip 0x20\n";
        var (store, _) = await TestIngest.RunAsync(Encoding.ASCII.GetBytes(text));
        TableColumns exits = TableColumns.Read(store.GetTable(ExitColumns.Schema.Name), ExitColumns.Count);
        var rows = Enumerable.Range(0, exits.RowCount)
            .Select(r => (exits[ExitColumns.Tid][r], exits[ExitColumns.Vcpu][r], exits[ExitColumns.HandlingNs][r], exits[ExitColumns.CompanionFirst][r]));
        Assert.Equal([(1000L, 0L, 100_000L, 2L), (1256L, 1L, 990_000L, 3L)], rows);

        // Every event gets its own thread's vCPU; both threads are one VM (vCPUs 0 and 1, tids within 256).
        TableColumns events = TableColumns.Read(store.GetTable(EventColumns.Schema.Name), EventColumns.Count);
        Assert.Equal([0L, 1L, 0L, 1L, 0L, 1L], events[EventColumns.Vcpu]);
        Assert.Equal([0L, 0L, 0L, 0L, 0L, 0L], events[EventColumns.Vm]);
    }

    [Fact]
    public async Task Time_checks_cover_high_cpus_missing_stamps_and_time_going_back()
    {
        string text =
            "a-1 [100] 5.000000: kvm_fpu: load\n" +
            "a-1 [003] 2.000000: kvm_fpu: load\n" +
            "CPU:3 [LOST 12 EVENTS]\n" +                // no time: neither checked nor the store's first time
            "a-1 [100] 4.000000: kvm_fpu: unload\n" +   // CPU 100 (beyond the first 64 slots) went back 1 s
            "   hello world\n" +                        // a gap row: no time either
            "a-1 [250] 9.000000: kvm_fpu: load\n" +     // another new CPU, further out
            "a-1 [003] 1.500000: kvm_fpu: unload\n" +   // CPU 3 went back 0.5 s
            "a-1 [003] 3.000000: kvm_fpu: load\n";
        var (store, _) = await TestIngest.RunAsync(Encoding.ASCII.GetBytes(text));
        Assert.Contains("timestamp-backwards\twarning\t2\t4:1,7:1\n", StoreDump.Issues(store.Metadata), StringComparison.Ordinal);
        TableColumns events = TableColumns.Read(store.GetTable(EventColumns.Schema.Name), EventColumns.Count);
        Assert.Equal([5_000_000_000L, 2_000_000_000L, -1L, 4_000_000_000L, -1L, 9_000_000_000L, 1_500_000_000L, 3_000_000_000L],
            events[EventColumns.Timestamp]);
        Assert.Equal(1_500_000_000, store.Metadata.FirstTimestamp);
        Assert.Equal(9_000_000_000, store.Metadata.LastTimestamp);
    }

    [Fact]
    public async Task Unknown_reasons_are_interned_in_row_order_whatever_the_chunks()
    {
        var text = new StringBuilder();
        string[] reasons = ["FROBNICATE", "HLT", "WIBBLE", "FROBNICATE", "EPT_VIOLATION", "WIBBLE", "ZORBLE"];
        double t = 1;
        foreach (string reason in reasons)
        {
            text.Append(FormattableString.Invariant($"  CPU 0/KVM-7 [000] d.... {t:F6}: kvm_exit: vcpu 0 reason {reason} rip 0x1 info1 0x0 info2 0x0 intr_info 0x0 error_code 0x0\n"));
            text.Append(FormattableString.Invariant($"  CPU 0/KVM-7 [000] d.... {t + 0.00001:F6}: kvm_entry: vcpu 0, rip 0x1\n"));
            t += 0.001;
        }

        byte[] bytes = Encoding.ASCII.GetBytes(text.ToString());
        var (whole, _) = await TestIngest.RunAsync(bytes, TestIngest.Options(threads: 1));
        Assert.Equal(["FROBNICATE", "HLT", "WIBBLE", "EPT_VIOLATION", "ZORBLE"], whole.GetStringPool(StringPools.Reasons));
        var (cut, _) = await TestIngest.RunAsync(bytes, TestIngest.Options(threads: 2, chunkBytes: 200));
        Assert.Equal(StoreDump.Dump(whole), StoreDump.Dump(cut));
    }
}
