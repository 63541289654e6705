namespace TraceLab.Replay;

/// <summary><c>--mode</c>: decide per VM from the trace, or force one model for every VM.</summary>
public enum ReplayModeOption
{
    Auto,
    Tdx,
    Vmx,
}
