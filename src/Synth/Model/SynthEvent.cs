namespace TraceLab.Synth.Model;

/// <summary>
/// One generated event with its raw field values; <see cref="Text.PayloadWriter"/> turns it into text. Fields are
/// reused per kind (documented on each helper in <c>VcpuActor.Events.cs</c>), which keeps the struct small
/// and the per-thread queues allocation-free.
/// </summary>
internal struct SynthEvent
{
    public long TimeNs;
    public SynthEventKind Kind;
    public FlagStyle Flags;
    public short Task;
    public short Cpu;

    /// <summary>The <see cref="DivergenceKind"/> this event carries for the truth (0 for none); fills padding, so the struct stays 64 bytes.</summary>
    public byte InjectKind;

    public InjectRole InjectRole;
    public uint Q0;
    public uint Q1;
    public ulong P0;
    public ulong P1;
    public ulong P2;
    public ulong P3;
    public ulong P4;
}
