namespace TraceLab.Analysis.Stats;

/// <summary>A vCPU thread of the stores and how many exits it recorded (from the store metadata).</summary>
public sealed record VcpuSummary(int Vm, int Vcpu, int Tid, long Exits);
