using System.Text;
using TraceLab.Ingest.Tests.Support;
using TraceLab.Store;
using TraceLab.Store.Kvm;
using TraceLab.Store.Schema;
using TraceLab.TestKit;

namespace TraceLab.Ingest.Tests.Behaviour;

/// <summary>
/// Regression tests for ingest bugs found by the differential and chunking tests (B1–B11): each reproduces the input
/// that once went wrong and asserts the value a reader of the text would compute.
/// </summary>
public sealed class ParserRegressionTests
{
    /// <summary>B1: trace-cmd symbolises the rip of a multi-file report; the info fields after the symbol are dropped silently.</summary>
    [Fact]
    public async Task B1_exit_info_after_a_symbolised_rip_is_decoded()
    {
        var (store, _) = await Ingest(
            " qemu-system-x86-483882 [017] 22149.956255: kvm_exit:             reason APIC_WRITE rip 0xffffffffa00db918 native_apic_mem_write+0x8 info 380 0\n");
        Assert.Equal(0x380, Events(store)[EventColumns.A2][0]);
    }

    /// <summary>B2: old kernels end a failed emulation with " FAIL"; its F and A are hex digits and are counted as a byte.</summary>
    [Fact]
    public async Task B2_emulate_insn_FAIL_suffix_is_not_an_instruction_byte()
    {
        var (store, _) = await Ingest("realtrace_5898:          kvmload-5914  [001]  1242.105599: kvm_emulate_insn:     0:100128: 48 cf FAIL\n");
        Assert.Equal(2, Events(store)[EventColumns.A2][0]);
        Assert.Equal(1, Events(store)[EventColumns.A4][0]);
    }

    /// <summary>B3: "(shrink N)": the decoder consumes "grow" only, so the old value after "shrink" is never read.</summary>
    [Fact]
    public async Task B3_halt_poll_shrink_keeps_the_old_value()
    {
        var (store, _) = await Ingest(" qemu-system-x86-533825 [005]303280081900681: kvm_halt_poll_ns:     vcpu 0: halt_poll_ns 0 (shrink 10000)\n");
        Assert.Equal(0, Events(store)[EventColumns.A0][0]);
        Assert.Equal(10000, Events(store)[EventColumns.A3][0]);
    }

    /// <summary>B4: `trace-cmd report -i a.dat -i b.dat` starts with one "a.dat: cpus=N" line per file.</summary>
    [Fact]
    public async Task B4_multi_file_report_cpus_header_is_not_a_gap()
    {
        var (store, _) = await Ingest(
            " tracedat-v7-host65-pair-host.dat: cpus=20\n" +
            "tracedat-v7-host65-pair-guest.dat: cpus=1\n" +
            "tracedat-v7-host65-pair-host.dat:  qemu-system-x86-483882 [007] 22149.949586: kvm_entry:             vcpu 0 rip 0xffffffffa13f2e30 default_idle+0x10\n");
        Assert.Empty(store.Metadata.Issues);
        Assert.Equal(1, store.Metadata.Events);
    }

    /// <summary>B5: consecutive non-trace lines make one gap row, except across a chunk boundary (the dump depends on ChunkBytes).</summary>
    [Fact]
    public async Task B5_gap_rows_do_not_depend_on_chunk_size()
    {
        byte[] bytes = FixtureFiles.Read("damaged/prose-between-blocks.txt");
        string one = StoreDump.Dump((await TestIngest.RunAsync(bytes, TestIngest.Options(1))).Store);
        string small = StoreDump.Dump((await TestIngest.RunAsync(bytes, TestIngest.Options(1, 256))).Store);
        Assert.Equal(one, small);
    }

    /// <summary>B6: unknown reason texts are interned per chunk before the chunk's known reasons, so pool ids depend on chunking.</summary>
    [Fact]
    public async Task B6_reasons_pool_is_in_order_of_first_appearance()
    {
        var (store, _) = await Ingest(
            "a-1 [000] 1.000001: kvm_exit: reason HLT rip 0x1 info 0 0\n" +
            "a-1 [000] 1.000002: kvm_entry: vcpu 0\n" +
            "a-1 [000] 1.000003: kvm_exit: reason FROBNICATE rip 0x1 info 0 0\n");
        Assert.Equal(["HLT", "FROBNICATE"], store.GetStringPool(StringPools.Reasons));
    }

    /// <summary>B7: a wrapped event whose two lines fall in different chunks is not joined (header-only and cut-payload forms).</summary>
    [Theory]
    [InlineData("qemu-system-x86-5665  [000] ....   280.971121:\n", " kvm_exit: reason EXTERNAL_INTERRUPT rip 0x22da info 0 800000fd\n")]
    [InlineData("<...>-35787 [038] ....  2825.959082: kvm_exit: vcpu 1 reason npf rip\n", "0xfd11d info 100000014 fd000\n")]
    public async Task B7_wrapped_event_is_joined_across_a_chunk_boundary(string first, string second)
    {
        byte[] bytes = Encoding.ASCII.GetBytes(first + second);
        string oneChunk = StoreDump.Dump((await TestIngest.RunAsync(bytes, TestIngest.Options(1))).Store);
        string cutBetween = StoreDump.Dump((await TestIngest.RunAsync(bytes, TestIngest.Options(1, first.Length))).Store);
        Assert.Equal(oneChunk, cutBetween);
    }

    /// <summary>
    /// B8: "reason npf rip" + end of input: DecodeExit returns Incomplete before storing the reason, so the exit is kept
    /// with reason code 0 = EXCEPTION_NMI (isa 0). ChunkParser.FlushPending's comment says the reason should be kept.
    /// Also: the malformed-payload issue points at column 1 instead of the payload (48).
    /// </summary>
    [Fact]
    public async Task B8_exit_cut_after_rip_keeps_its_reason()
    {
        var (store, _) = await Ingest("<...>-35787 [038] ....  2825.959082: kvm_exit: vcpu 1 reason npf rip\n");
        TableColumns ex = TableColumns.Read(store.GetTable(ExitColumns.Schema.Name), ExitColumns.Count);
        Assert.Equal(0x400, ex[ExitColumns.ReasonCode][0]);
        Assert.Equal((long)Isa.Svm, ex[ExitColumns.Isa][0]);
        Assert.Equal("npf", store.GetStringPool(StringPools.Reasons)[(int)ex[ExitColumns.Reason][0]]);
        Assert.Equal(48, store.Metadata.Issues.Single(i => i.Kind == "malformed-payload").Samples[0].Column);
    }

    /// <summary>
    /// B9: ftrace's stacktrace option prints "… ts: &lt;stack trace&gt;" then " => func" lines. The first line is taken for a
    /// cut event: a data-loss issue and a gap that closes every open exit, so the HLT below loses its 20 µs latency.
    /// </summary>
    [Fact]
    public async Task B9_stack_trace_lines_are_not_data_loss_and_do_not_break_pairing()
    {
        var (store, _) = await Ingest(
            "  CPU 0/KVM-7289    [023] d.... 2925.640961: kvm_entry: vcpu 0, rip 0x22da\n" +
            "  CPU 0/KVM-7289    [023] d.... 2925.640970: kvm_exit: vcpu 0 reason HLT rip 0x22db info1 0x0000000000000000 info2 0x0000000000000000 intr_info 0x00000000 error_code 0x00000000\n" +
            "  CPU 0/KVM-7289    [023] d.... 2925.640971: <stack trace>\n" +
            " => vmx_handle_exit\n" +
            " => kvm_arch_vcpu_ioctl_run\n" +
            "  CPU 0/KVM-7289    [023] d.... 2925.640990: kvm_entry: vcpu 0, rip 0x22dc\n");
        Assert.DoesNotContain(store.Metadata.Issues, i => i.Kind == "truncated-line");
        TableColumns ex = TableColumns.Read(store.GetTable(ExitColumns.Schema.Name), ExitColumns.Count);
        Assert.Equal(20_000, ex[ExitColumns.HandlingNs][0]);
    }

    /// <summary>
    /// B10: a line longer than ChunkBytes is cut into pieces and every piece is counted as a line, so all later line
    /// numbers (event rows, exit rows, issues) are too large. Only 8 MB lines hit it with the default chunk size.
    /// </summary>
    [Fact]
    public async Task B10_line_numbers_after_a_line_longer_than_a_chunk_are_right()
    {
        string text = new string('x', 2000) + "\na-1 [000] 1.000001: kvm_fpu: load\n";
        var (store, _) = await TestIngest.RunAsync(Encoding.ASCII.GetBytes(text), TestIngest.Options(1, 512));
        TableColumns ev = TableColumns.Read(store.GetTable(EventColumns.Schema.Name), EventColumns.Count);
        Assert.Equal(2, ev[EventColumns.Line][ev.RowCount - 1]);
    }

    /// <summary>
    /// B11: VmAssigner.Assign scanned every inferred VM for every new vCPU thread: O(threads × VMs), quadratic on a
    /// host trace with many short-lived VMs (Firecracker, CI). Speed is a benchmark's business; this test pins the
    /// answer on such a trace: 40 000 vCPU-0 threads far apart in tid are 40 000 VMs.
    /// </summary>
    [Fact]
    public async Task B11_many_short_lived_vms_each_get_their_own_vm()
    {
        var sb = new StringBuilder();
        for (int i = 0; i < 40_000; i++)
        {
            sb.Append("  CPU 0/KVM-").Append(1000 + (i * 1000)).Append(" [001] d.... 100.000100: kvm_entry: vcpu 0, rip 0x1000\n");
        }

        var (store, _) = await TestIngest.RunAsync(Encoding.ASCII.GetBytes(sb.ToString()), TestIngest.Options(), timeout: TimeSpan.FromMinutes(5));
        Assert.Equal(40_000, store.Metadata.Vcpus.Select(v => v.Vm).Distinct().Count());
    }

    private static Task<(MemoryStore Store, TraceLab.Ingest.Pipeline.IngestResult Result)> Ingest(string text) =>
        TestIngest.RunAsync(Encoding.ASCII.GetBytes(text));

    private static TableColumns Events(MemoryStore store) =>
        TableColumns.Read(store.GetTable(EventColumns.Schema.Name), EventColumns.Count);
}
