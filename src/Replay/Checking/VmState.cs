using TraceLab.Replay.Model;

namespace TraceLab.Replay.Checking;

/// <summary>What replay knows about one VM: its mode (and why), and what earlier episodes left behind.</summary>
public sealed class VmState
{
    public VmState(int vm, GuestMode mode, string why, int sharedBit)
    {
        Vm = vm;
        Mode = mode;
        Why = why;
        SharedBit = sharedBit;
    }

    public int Vm { get; }

    public GuestMode Mode { get; }

    /// <summary>The evidence for <see cref="Mode"/>, for the report.</summary>
    public string Why { get; }

    /// <summary>The TD's shared-GPA bit (spec §6.2: 47, or 51 with a 52-bit GPAW).</summary>
    public int SharedBit { get; }

    /// <summary>Episodes of this VM seen so far.</summary>
    public long Episodes { get; set; }

    /// <summary>Line of the episode after which KVM marked the VM bugged or dead, or 0 (spec §3.4 rows 2–3, §6.1).</summary>
    public long UnusableSinceLine { get; set; }
}
