namespace TraceLab.Synth.Model;

/// <summary>A host task that appears in the trace: a vCPU thread or a vhost worker.</summary>
internal sealed class SynthTask
{
    public SynthTask(string comm, int pid, int tgid, int vm, int vcpu)
    {
        Comm = comm;
        Pid = pid;
        Tgid = tgid;
        Vm = vm;
        Vcpu = vcpu;
    }

    /// <summary>The comm as the trace prints it (<c>CPU 0/KVM</c>, <c>&lt;...&gt;</c>, …).</summary>
    public string Comm { get; }

    public int Pid { get; }

    public int Tgid { get; }

    public int Vm { get; }

    /// <summary>vCPU id, or -1 for a task that is not a vCPU thread.</summary>
    public int Vcpu { get; }

    /// <summary>The format-specific line start for this task (comm, pid, tgid), rendered once.</summary>
    public byte[] Prefix { get; set; } = [];
}
