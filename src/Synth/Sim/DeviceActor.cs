using TraceLab.Synth.Behaviour;

namespace TraceLab.Synth.Sim;

/// <summary>
/// A VM's vhost worker. Its MSI interrupts go through irqfd → __apic_accept_irq in its own context, so
/// kvm_apic_accept_irq (and kvm_apicv_accept_irq for a TD, spec §7) appear on this thread with apicid = the target vCPU,
/// before the target's kvm_vcpu_wakeup (spec §1.4, §12 HLT row).
/// </summary>
internal sealed class DeviceActor : Actor
{
    private readonly VmState _vm;

    public DeviceActor(short task, int cpu, VmState vm, long firstInterrupt)
        : base(task, cpu)
    {
        _vm = vm;
        NextActionTime = firstInterrupt;
    }

    public override void Act(Simulation sim)
    {
        long t = NextActionTime;
        if (_vm.Stopping)
        {
            NextActionTime = long.MaxValue;
            return;
        }

        VcpuActor target = _vm.Vcpus[sim.Rng.Below(_vm.Vcpus.Count)];
        if (target.State != VcpuState.Dead)
        {
            int vector = 0x22 + sim.Rng.Below(6);
            AcceptIrq(t, apicv: false, target.VcpuId, vector);
            long delivered = t;
            if (sim.IsTdx)
            {
                delivered = t + sim.Gap(200, 600);
                AcceptIrq(delivered, apicv: true, target.VcpuId, vector);
            }

            target.Deliver(sim, delivered, vector);
        }

        NextActionTime = t + Latencies.DeviceInterval.Sample(sim.Rng);
    }
}
