namespace TraceLab.Synth.Truth;

/// <summary>A thread that appears in the trace.</summary>
/// <param name="Tid">Thread id.</param>
/// <param name="Tgid">QEMU process id.</param>
/// <param name="Comm">Comm as printed (<c>CPU 0/KVM</c>, <c>&lt;...&gt;</c>, <c>vhost-7280</c>, …).</param>
/// <param name="Vm">VM index.</param>
/// <param name="Vcpu">vcpu_id, or -1 for a vhost worker.</param>
public sealed record SynthThread(int Tid, int Tgid, string Comm, int Vm, int Vcpu);
