namespace TraceLab.Synth.Sim;

/// <summary>An emulated-MMIO page of a VM and how guests use it.</summary>
/// <param name="Gpa">Page base, without any TDX shared bit.</param>
/// <param name="Kind">What the device behind it does with accesses.</param>
internal sealed record MmioPage(ulong Gpa, MmioPageKind Kind)
{
    /// <summary>Whether some vCPU of the VM has already taken the first-touch EPT violation (spec §6.3).</summary>
    public bool Touched { get; set; }
}
