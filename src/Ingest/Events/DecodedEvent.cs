using TraceLab.Store.Kvm;

namespace TraceLab.Ingest.Events;

/// <summary>
/// The typed fields of one event, as the A0..A5 columns of the event table store them
/// (<see cref="TraceLab.Store.Schema.EventColumns"/> documents each kind's layout).
/// </summary>
internal struct DecodedEvent
{
    public EventKind Kind;

    /// <summary>vCPU id printed in the payload (kvm_entry, kvm_exit, new kvm_page_fault, kvm_halt_poll_ns), else -1.</summary>
    public int Vcpu;

    /// <summary>For exits: the ISA the reason's spelling tells (not stored in the event table; the exit table has it).</summary>
    public Isa Isa;

    public long A0;
    public long A1;
    public long A2;
    public long A3;
    public long A4;
    public long A5;

    /// <summary>
    /// The payload stopped where a field was due (<c>reason npf rip</c> with the value on the next line): the line
    /// was wrapped or cut. The parser may join the next line and decode again.
    /// </summary>
    public bool Incomplete;

    /// <summary>A field that must be there could not be read; the event keeps its kind with zeros in that field.</summary>
    public bool Malformed;

    /// <summary>For exits whose reason name is not in any table: where the printed reason text is in the payload.</summary>
    public int UnknownReasonStart;

    public int UnknownReasonLength;

    public void Reset()
    {
        this = default;
        Vcpu = -1;
    }
}
