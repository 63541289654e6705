namespace TraceLab.Synth.Sim;

/// <summary>One guest MMIO access: where, how wide, and the value written or read back.</summary>
internal readonly record struct MmioAccess(MmioPage? Page, ulong Gpa, int Length, ulong Value);
