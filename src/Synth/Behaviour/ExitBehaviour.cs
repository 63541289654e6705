using TraceLab.Synth.Sim;

namespace TraceLab.Synth.Behaviour;

/// <summary>
/// Writes one exit and its handling for a vCPU (<see cref="Execute"/>), and holds the guest-workload details both modes
/// share: which MMIO registers, ports, MSRs and CPUID leaves guests touch, and with which values.
/// </summary>
internal abstract class ExitBehaviour
{
    private static readonly CpuidLeaf[] s_leaves =
    [
        new(0x1, 0, 0x806f8, 0x800, 0xfffa3223, 0x1f8bfbff, true),
        new(0x7, 0, 0x0, 0xf1bf2ffb, 0x1b417fde, 0xbc000410, true),
        new(0xb, 0, 0x0, 0x1, 0x100, 0x0, true),
        new(0x40000000, 0, 0x40000001, 0x4b4d564b, 0x564b4d56, 0x4d, true),
        new(0x40000001, 0, 0x1007afb, 0x0, 0x0, 0x0, true),
        new(0x80000008, 0, 0x3030, 0x0, 0x0, 0x0, true),
        new(0x40000010, 0, 0x0, 0x0, 0x0, 0x0, false),
    ];

    public abstract void Execute(VcpuActor vcpu, Simulation sim, Scenario scenario, long t);

    /// <summary>
    /// When the guest is re-entered: the handler's sampled duration after the exit, but never before the handler's
    /// last traced event.
    /// </summary>
    protected static long EntryAfter(Simulation sim, long exit, long lastEvent, LogNormal handling) =>
        Math.Max(exit + handling.Sample(sim.Rng), lastEvent + sim.Gap(100, 300));

    /// <summary>Vector of a host interrupt that forced an EXTERNAL_INTERRUPT exit (local timer, IPIs, devices).</summary>
    protected static uint HostVector(Rng rng)
    {
        int pick = rng.Below(100);
        return pick switch
        {
            < 45 => 0xec,
            < 60 => 0xfd,
            < 70 => 0xfb,
            _ => (uint)(0x21 + rng.Below(32)),
        };
    }

    protected static VcpuActor? IpiTarget(VcpuActor vcpu, Simulation sim)
    {
        List<VcpuActor> siblings = vcpu.Vm.Vcpus;
        if (siblings.Count < 2)
        {
            return null;
        }

        int pick = sim.Rng.Below(siblings.Count - 1);
        return siblings[pick >= vcpu.VcpuId ? pick + 1 : pick];
    }

    protected static CpuidLeaf Leaf(Rng rng) => s_leaves[rng.Below(s_leaves.Length)];

    /// <summary>An MMIO access of the kind the scenario needs, or the one waiting to be replayed after a first touch.</summary>
    protected static MmioAccess MmioFor(VcpuActor vcpu, Simulation sim, Scenario scenario)
    {
        if (vcpu.PendingMmio.Page is not null)
        {
            MmioAccess pending = vcpu.PendingMmio;
            vcpu.PendingMmio = default;
            return pending;
        }

        Rng rng = sim.Rng;
        MmioPage[] pages = vcpu.Vm.MmioPages;
        if (scenario == Scenario.MmioFastWrite)
        {
            MmioPage notify = pages[rng.Below(2)];
            return new MmioAccess(notify, notify.Gpa + (ulong)(4 * rng.Below(3)), 2, (ulong)rng.Below(3));
        }

        MmioPage page = pages[2 + rng.Below(3)];
        bool ioapic = page.Gpa == 0xfec0_0000;
        if (scenario == Scenario.MmioUserWrite)
        {
            return ioapic
                ? new MmioAccess(page, page.Gpa, 4, (ulong)(0x10 + rng.Below(48)))
                : new MmioAccess(page, page.Gpa + 0x14, 1, 0xf);
        }

        return ioapic
            ? new MmioAccess(page, page.Gpa + 0x10, 4, 0x1_0000UL | (ulong)(0x21 + rng.Below(32)))
            : new MmioAccess(page, page.Gpa + 0x14, 1, 0xf);
    }

    /// <summary>An OUT QEMU emulates: serial THR, PCI config address, CMOS index.</summary>
    protected static (uint Port, int Size, ulong Value) UserOut(Rng rng)
    {
        int pick = rng.Below(100);
        return pick switch
        {
            < 60 => (0x3f8, 1, (ulong)(0x20 + rng.Below(0x5f))),
            < 85 => (0xcf8, 4, 0x8000_0000UL | ((ulong)rng.Below(32) << 11) | ((ulong)rng.Below(64) << 2)),
            _ => (0x70, 1, (ulong)rng.Below(16)),
        };
    }

    /// <summary>An IN QEMU answers: serial LSR, PCI config data, CMOS data.</summary>
    protected static (uint Port, int Size, ulong Value) UserIn(Rng rng)
    {
        int pick = rng.Below(100);
        return pick switch
        {
            < 50 => (0x3fd, 1, 0x60),
            < 80 => (0xcfc, 4, 0x1000_1af4),
            _ => (0x71, 1, (ulong)rng.Below(0x60)),
        };
    }

    /// <summary>A readable MSR and its value, or (rarely) one that faults.</summary>
    protected static (uint Ecx, ulong Value, bool Fault) MsrRead(VcpuActor vcpu, Rng rng)
    {
        int pick = rng.Below(100);
        if (pick < 2)
        {
            return (0x34u, 0UL, true);
        }

        if (pick < 55)
        {
            return (0x1bu, vcpu.VcpuId == 0 ? 0xfee0_0d00UL : 0xfee0_0c00UL, false);
        }

        return pick < 80 ? (0x10au, 0x0e0f_cbebUL, false) : (0x6e0u, 0UL, false);
    }
}
