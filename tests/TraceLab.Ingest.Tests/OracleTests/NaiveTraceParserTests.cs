using System.Text;
using TraceLab.Ingest.Tests.Oracle;
using TraceLab.Store.Kvm;

namespace TraceLab.Ingest.Tests.OracleTests;

/// <summary>
/// The reference parser is only useful if it is right, so its reading of one line of every shape is pinned here
/// with values read off the text by eye (ns from the printed seconds, reason codes from spec §1.2).
/// </summary>
public sealed class NaiveTraceParserTests
{
    [Theory]
    [InlineData("         kvmload-5911    [001] d..1.  1242.099187: kvm_fpu: load", "kvmload", 5911, -1, 1, 1242_099_187_000L, "kvm_fpu")]
    [InlineData("  CPU 0/KVM-7289 (   7280) [023] d.... 2925.640961: kvm_entry: vcpu 0", "CPU 0/KVM", 7289, 7280, 23, 2925_640_961_000L, "kvm_entry")]
    [InlineData("           <...>-8002    (-------) [004] d.... 2925.640985: kvm_entry: vcpu 1, rip 0x2000", "<...>", 8002, -1, 4, 2925_640_985_000L, "kvm_entry")]
    [InlineData("realtrace_5898:          kvmload-5911  [001]  1242.100400: kvm_track_tsc:        vcpu_id 0", "kvmload", 5911, -1, 1, 1242_100_400_000L, "kvm_track_tsc")]
    [InlineData("         kvmload  5933 [001]  1243.113742:        kvm:kvm_update_master_clock: masterclock 0", "kvmload", 5933, -1, 1, 1243_113_742_000L, "kvm_update_master_clock")]
    [InlineData("  qemu-system-x86  7289/7302 [011]  2925.641200: kvm:kvm_fpu: load", "qemu-system-x86", 7302, 7289, 11, 2925_641_200_000L, "kvm_fpu")]
    [InlineData("2022-04-22 17:39:26.535253            <...> 126953 d... [074] 96822671.266643: kvm:kvm_entry: vcpu 0", "<...>", 126953, -1, 74, 96822671_266_643_000L, "kvm_entry")]
    [InlineData(" qemu-system-x86-533825 [005]303280081909057: kvm_vcpu_wakeup:      wait time 3279293 ns, polling valid", "qemu-system-x86", 533825, -1, 5, 303280081909057L, "kvm_vcpu_wakeup")]
    [InlineData("       CPU 0/KVM-7001  [000]  4242.0000040009: kvm_entry:            vcpu 0", "CPU 0/KVM", 7001, -1, 0, 4242_000_004_000L, "kvm_entry")]
    [InlineData("    kworker/u8:2-987   [001] ....   280.971150: kvm_set_irq: gsi 11 level 1 source 0", "kworker/u8:2", 987, -1, 1, 280_971_150_000L, "kvm_set_irq")]
    public void Header_fields_of_every_layout(string line, string task, int tid, int tgid, int cpu, long timestamp, string name)
    {
        NaiveEvent ev = Assert.Single(Parse(line).Events);
        Assert.Equal((task, tid, tgid, cpu, timestamp, name), (ev.Task, ev.Tid, ev.Tgid, ev.Cpu, ev.Timestamp, ev.Name));
    }

    [Theory]
    [InlineData("reason EXTERNAL_INTERRUPT rip 0x100 info 0 800000f6", 0x1L, 0x100L, 0L, 0x800000f6L, 0L, 0L)]
    [InlineData("vcpu 1 reason npf rip 0xfd11d info 100000014 fd000", 0x400L, 0xfd11dL, 0x100000014L, 0xfd000L, 0L, 0L)]
    [InlineData("vcpu 0 reason EXCEPTION_NMI rip 0xfd0bd info1 0x0000000000000000 info2 0x0000000000000413 intr_info 0x80000306 error_code 0x00000000", 0L, 0xfd0bdL, 0L, 0x413L, 0x80000306L, 0L)]
    [InlineData("vcpu 0 reason 0xffff FAILED_VMENTRY 0x7fff0000 rip 0x0 info1 0x0000000000000000 info2 0x0000000000000000 intr_info 0x00000000 error_code 0x00000000 requests 0x0000000000000002", 0xFFFF_FFFFL, 0L, 0L, 0L, 0L, 2L)]
    [InlineData("vcpu 0 reason 0x6 rip 0x0 info1 0x0000000000000001 info2 0x0000000000000000 intr_info 0x00000000 error_code 0x00000000", 6L, 0L, 1L, 0L, 0L, 0L)]
    [InlineData("vcpu 0 reason GP excp rip 0x4004ae info1 0x0000000000000000 info2 0x0000000000000000 intr_info 0x00000000 error_code 0x0000000d", 0x4dL, 0x4004aeL, 0L, 0L, 0xd_0000_0000L, 0L)]
    [InlineData("reason APIC_WRITE rip 0xffffffffa00db918 native_apic_mem_write+0x8 info 380 0", 0x38L, unchecked((long)0xffffffffa00db918UL), 0x380L, 0L, 0L, 0L)]
    public void Exit_payloads_of_every_generation(string payload, long a0, long a1, long a2, long a3, long a4, long a5)
    {
        NaiveDecoded d = NaivePayloadDecoder.Decode(EventKind.Exit, payload);
        Assert.Equal(NaiveDecodeStatus.Complete, d.Status);
        Assert.Equal<long?>([a0, a1, a2, a3, a4, a5], d.A);
    }

    [Theory]
    [InlineData(EventKind.UserspaceExit, "reason 0x28 (40)", new long[] { 40, 0, 0, 0, 0, 0 })]
    [InlineData(EventKind.UserspaceExit, "reason restart (4)", new long[] { -1, 4, 0, 0, 0, 0 })]
    [InlineData(EventKind.Pio, "pio_read at 0x3f8 size 1 count 4 val 0x0 (...)", new long[] { 0, 0x3f8, 1, 4, 0, 1 })]
    [InlineData(EventKind.Msr, "msr_read 1b = 0xfee00900 (#GP)", new long[] { 0, 0x1b, 0xfee00900, 1, 0, 0 })]
    [InlineData(EventKind.Cpuid, "func 1 idx 0 rax 806f8 rbx 800 rcx fffa3223 rdx 1f8bfbff, cpuid entry found, used max basic", new long[] { 1, 3L << 32, 0x806f8, 0x800, 0xfffa3223, 0x1f8bfbff })]
    [InlineData(EventKind.EmulateInsn, "0:fffff802987d6169: f3 a5 FAIL", new long[] { unchecked((long)0xfffff802987d6169UL), 0, 2, -99, 1, 0 })]
    [InlineData(EventKind.HaltPollNs, "vcpu 0: halt_poll_ns 0 (shrink 10000)", new long[] { 0, 0, 0, 10000, 0, 0 })]
    [InlineData(EventKind.InjException, "[FAILED TO PARSE] exception=6 has_error=0 error_code=0 reinjected=1", new long[] { 6, 0, 0, 1, 0, 0 })]
    public void Companion_payloads(EventKind kind, string payload, long[] expected)
    {
        NaiveDecoded d = NaivePayloadDecoder.Decode(kind, payload);
        Assert.Equal(NaiveDecodeStatus.Complete, d.Status);
        // -99 marks a value the print format does not carry (emulate_insn's mode on old kernels): not checked.
        Assert.Equal(expected.Select(v => v == -99 ? (long?)null : v), d.A);
    }

    [Fact]
    public void Wrapped_lines_are_joined_onto_the_first_line()
    {
        NaiveTrace trace = Parse(
            "qemu-system-x86-5665  [000] ....   280.971121:",
            " kvm_exit: reason EXTERNAL_INTERRUPT rip 0x22da info 0 800000fd",
            "<...>-35787 [038] ....  2825.959082: kvm_exit: vcpu 1 reason npf rip",
            "0xfd11d info 100000014 fd000");
        Assert.Equal([1L, 3L], trace.Events.Select(e => e.Line));
        Assert.All(trace.Events, e => Assert.True(e.Joined));
        Assert.Equal([NaiveLineKind.Event, NaiveLineKind.Continuation, NaiveLineKind.Event, NaiveLineKind.Continuation], trace.Lines.Select(l => l.Kind));
    }

    [Fact]
    public void Exits_pair_with_the_next_entry_of_their_thread_only()
    {
        NaiveTrace trace = Parse(
            "a-1 [000] 1.000001: kvm_entry: vcpu 0",
            "a-1 [000] 1.000010: kvm_exit: reason HLT rip 0x1 info 0 0",
            "b-2 [001] 1.000011: kvm_entry: vcpu 1",
            "a-1 [000] 1.000012: kvm_fpu: unload",
            "a-1 [000] 1.000030: kvm_entry: vcpu 0");
        NaiveExit exit = Assert.Single(trace.Exits);
        Assert.Equal((5L, 20_000L, 9_000L, 1L), (exit.EntryLine, exit.HandlingNs, exit.GuestRunNs, exit.CompanionCount));
    }

    [Theory]
    [InlineData("kvm_exit: reason HLT rip 0x1", NaiveLineKind.Event)]
    [InlineData("       challenge-24797 [003] .... 83184.290416: kvm_exit", NaiveLineKind.Unknown)]
    [InlineData("Note: the next entry comes much later.", NaiveLineKind.Unknown)]
    [InlineData(" # a comment", NaiveLineKind.NotAnEvent)]
    [InlineData("\tffffffffc0a8c210 vmx_vcpu_run+0x330 ([kvm_intel])", NaiveLineKind.NotAnEvent)]
    [InlineData("realtrace_5898: CPU:2 [LOST 12 EVENTS]", NaiveLineKind.LostEvents)]
    [InlineData(" tracedat-v7-host65-pair-host.dat: cpus=20", NaiveLineKind.NotAnEvent)]
    public void Line_classes(string line, NaiveLineKind kind) => Assert.Equal(kind, Parse(line).Lines[0].Kind);

    private static NaiveTrace Parse(params string[] lines) => NaiveTraceParser.Parse(Encoding.ASCII.GetBytes(string.Join('\n', lines) + "\n"));
}
