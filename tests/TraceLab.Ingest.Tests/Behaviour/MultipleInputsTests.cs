using System.IO.Pipelines;
using System.Text;
using TraceLab.Ingest.Pipeline;
using TraceLab.Store.Schema;

namespace TraceLab.Ingest.Tests.Behaviour;

/// <summary>
/// Each input file is its own recording: the same thread id in two files is two threads, so nothing pairs across
/// files, clocks are not compared across files, and each file's vCPUs get their own VMs.
/// </summary>
public sealed class MultipleInputsTests
{
    private const string First =
        "  CPU 0/KVM-100     [001] d.... 500.000010: kvm_entry: vcpu 0, rip 0x1000\n" +
        "  CPU 0/KVM-100     [001] d.... 500.000020: kvm_exit: vcpu 0 reason HLT rip 0x1000 info1 0x0000000000000000 info2 0x0000000000000000 intr_info 0x00000000 error_code 0x00000000\n";

    private const string Second =
        "  CPU 0/KVM-100     [001] d.... 100.000050: kvm_entry: vcpu 0, rip 0x2000\n" +
        "  CPU 0/KVM-100     [001] d.... 100.000060: kvm_exit: vcpu 0 reason CPUID rip 0x2000 info1 0x0000000000000000 info2 0x0000000000000000 intr_info 0x00000000 error_code 0x00000000\n" +
        "  CPU 0/KVM-100     [001] d.... 100.000063: kvm_entry: vcpu 0, rip 0x2002\n";

    [Fact]
    public async Task Two_recordings_reusing_thread_ids_do_not_pair_or_compare_clocks()
    {
        var (store, result) = await TraceIngester.IngestToMemoryAsync([Input("a.txt", First), Input("b.txt", Second)], new IngestOptions());

        // The HLT of a.txt has no entry in a.txt: it stays unpaired rather than pairing with b.txt's entry, which is
        // stamped 400 s earlier; and b.txt's CPU 1 going "back" to 100 s is a new recording, not clock trouble.
        Assert.Empty(result.Metadata.Issues);
        var exits = store.GetTable(ExitColumns.Schema.Name)!;
        var handling = new List<long>();
        var vms = new List<long>();
        for (int g = 0; g < exits.RowGroupCount; g++)
        {
            long[] h = new long[exits.RowGroupRowCount(g)];
            long[] vm = new long[h.Length];
            exits.ReadColumn(g, ExitColumns.HandlingNs, h);
            exits.ReadColumn(g, ExitColumns.Vm, vm);
            handling.AddRange(h);
            vms.AddRange(vm);
        }

        Assert.Equal([-1L, 3_000L], handling.Order());
        Assert.Equal(2, vms.Distinct().Count());
    }

    private static TraceInput Input(string name, string text)
    {
        byte[] bytes = Encoding.ASCII.GetBytes(text);
        return new TraceInput(name, bytes.Length, () => PipeReader.Create(new System.Buffers.ReadOnlySequence<byte>(bytes)));
    }
}
