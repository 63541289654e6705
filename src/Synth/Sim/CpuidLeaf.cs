namespace TraceLab.Synth.Sim;

/// <summary>One CPUID result as kvm_cpuid prints it.</summary>
internal readonly record struct CpuidLeaf(uint Function, uint Index, ulong Rax, ulong Rbx, ulong Rcx, ulong Rdx, bool Found);
