namespace TraceLab.Synth;

/// <summary>Which kind of guest the synthetic host runs.</summary>
public enum SynthMode
{
    /// <summary>Intel TDX trust domains: exits follow spec §3–§12 (TDVMCALL-morphed reasons, MapGPA chains, no injection events).</summary>
    Tdx = 0,

    /// <summary>Ordinary VMX guests: exits follow spec §11 (qualifications, kvm_inj_virq, kvm_emulate_insn, fastpaths).</summary>
    Vmx = 1,
}
