namespace TraceLab.Synth;

/// <summary>What the comm column shows for vCPU threads.</summary>
public enum TaskNaming
{
    /// <summary>QEMU's thread names: <c>CPU 0/KVM</c> (a space and a slash inside the comm).</summary>
    CpuKvm = 0,

    /// <summary>Unnamed threads inheriting the process comm <c>qemu-system-x86</c> (15 characters, the comm limit).</summary>
    QemuSystem = 1,

    /// <summary><c>&lt;...&gt;</c>: the comm fell out of ftrace's saved_cmdlines (perf script prints <c>:tid</c> instead).</summary>
    Unknown = 2,

    /// <summary>A deterministic per-thread mix of the three above.</summary>
    Mixed = 3,
}
