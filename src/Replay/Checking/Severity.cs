namespace TraceLab.Replay.Checking;

/// <summary>How bad a divergence is. Replay exits 1 when any <see cref="Error"/> is reported.</summary>
public enum Severity
{
    /// <summary>Expected on some kernels or configurations; worth knowing.</summary>
    Info,

    /// <summary>The kernel's code can produce it, but it means something went wrong (a host or TDX-module failure,
    /// a userspace mistake) or events are missing from the capture.</summary>
    Warning,

    /// <summary>The kernel's code, as the spec reads it, cannot produce what the trace shows.</summary>
    Error,
}
