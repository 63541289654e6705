namespace TraceLab.Store.Metadata;

/// <summary>A vCPU thread: which VM and vCPU it ran, and how many exits it recorded.</summary>
public sealed class VcpuInfo
{
    public int Vm { get; set; }

    public int Vcpu { get; set; }

    public int Tid { get; set; }

    /// <summary>Task name of the thread (e.g. "CPU 0/KVM").</summary>
    public string Task { get; set; } = "";

    /// <summary>Process id (tgid) when the format printed it, else -1.</summary>
    public int Tgid { get; set; } = -1;

    public long Exits { get; set; }
}
