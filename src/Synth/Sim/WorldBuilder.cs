using System.Globalization;
using TraceLab.Synth.Behaviour;
using TraceLab.Synth.Model;

namespace TraceLab.Synth.Sim;

/// <summary>
/// Creates the host: one QEMU process per VM (pid = tgid), its vCPU threads (tid = pid + 9 + n, named as QEMU names
/// them) spread over host CPUs, and optionally a vhost worker per VM.
/// </summary>
internal sealed class WorldBuilder
{
    private readonly Simulation _sim;

    public WorldBuilder(Simulation sim)
    {
        _sim = sim;
    }

    public (SynthTask[] Tasks, VmState[] Vms, Actor[] Actors) Build()
    {
        SynthOptions o = _sim.Options;
        Rng rng = _sim.Rng;
        var tasks = new List<SynthTask>();
        var vms = new VmState[o.VmCount];
        var vcpuActors = new List<Actor>();
        var deviceActors = new List<Actor>();
        int pidBase = 1_000 + rng.Below(30_000);
        int globalVcpu = 0;
        for (int v = 0; v < o.VmCount; v++)
        {
            int qemuPid = pidBase + rng.Below(2_000);
            pidBase = qemuPid + o.VcpusPerVm + 64;
            ulong kernelBase = 0xffff_ffff_8000_0000UL + ((ulong)(1 + rng.Below(500)) << 21);
            var vm = new VmState(v, qemuPid, kernelBase);
            vms[v] = vm;
            for (int k = 0; k < o.VcpusPerVm; k++)
            {
                int tid = qemuPid + 9 + k;
                tasks.Add(new SynthTask(VcpuComm(o.TaskNaming, k, rng), tid, qemuPid, v, k));
                int cpu = (1 + globalVcpu * Math.Max(1, _sim.HostCpus / Math.Max(1, o.VmCount * o.VcpusPerVm))) % _sim.HostCpus;
                _sim.OccupyCpu(cpu);
                var actor = new VcpuActor((short)(tasks.Count - 1), cpu, vm, k, Showcase.ScriptFor(_sim.IsTdx, o.Showcase, k))
                {
                    NextActionTime = rng.Between(0, 40_000),
                };
                if (!_sim.IsTdx)
                {
                    // The guest was idle when tracing started: its first entry resumes after the HLT in the idle loop.
                    actor.SetResumeRip(kernelBase + 0x1b_2e30);
                }

                if (o.Showcase && k == 0)
                {
                    // The scripted MapGPA converts 6 MiB: three KVM_EXIT_HYPERCALLs in a row.
                    actor.MapGpaChunks = 3;
                }

                if (o.Showcase && k == 1)
                {
                    // Asleep long enough for vCPU 0's scripted IPI to be what wakes it.
                    actor.SetFirstHaltDuration(6_000_000);
                }

                vm.Vcpus.Add(actor);
                vcpuActors.Add(actor);
                globalVcpu++;
            }

            if (o.DeviceInterrupts)
            {
                int tid = qemuPid + 9 + o.VcpusPerVm + 2;
                string comm = "vhost-" + qemuPid.ToString(CultureInfo.InvariantCulture);
                tasks.Add(new SynthTask(comm, tid, qemuPid, v, -1));
                long first = o.Showcase ? 8_000_000 : rng.Between(100_000, 2_000_000);
                deviceActors.Add(new DeviceActor((short)(tasks.Count - 1), rng.Below(_sim.HostCpus), vm, first));
            }
        }

        vcpuActors.AddRange(deviceActors);
        return ([.. tasks], vms, [.. vcpuActors]);
    }

    private static string VcpuComm(TaskNaming naming, int vcpu, Rng rng)
    {
        if (naming == TaskNaming.Mixed)
        {
            int pick = rng.Below(100);
            naming = pick < 70 ? TaskNaming.CpuKvm : pick < 85 ? TaskNaming.QemuSystem : TaskNaming.Unknown;
        }

        return naming switch
        {
            TaskNaming.QemuSystem => "qemu-system-x86",
            TaskNaming.Unknown => "<...>",
            _ => "CPU " + vcpu.ToString(CultureInfo.InvariantCulture) + "/KVM",
        };
    }
}
