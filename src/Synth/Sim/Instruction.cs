namespace TraceLab.Synth.Sim;

/// <summary>Guest instruction bytes for kvm_emulate_insn, packed little-endian (byte 0 in the low bits).</summary>
internal readonly record struct Instruction(int Length, ulong Bytes);
