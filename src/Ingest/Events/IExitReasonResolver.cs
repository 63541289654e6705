using TraceLab.Store.Kvm;

namespace TraceLab.Ingest.Events;

/// <summary>Resolves kvm_exit reason text to (full code, ISA); lets the decoder use a per-parser cache.</summary>
internal interface IExitReasonResolver
{
    bool TryResolve(ReadOnlySpan<byte> text, out long code, out Isa isa);
}
