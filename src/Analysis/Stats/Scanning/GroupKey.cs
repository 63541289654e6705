namespace TraceLab.Analysis.Stats.Scanning;

/// <summary>
/// What a row is grouped by, packed into two longs so lookups hash two integers and nothing else.
/// <see cref="Primary"/> is the event key (isa &lt;&lt; 32 | full reason code; address·2 + write; userspace code),
/// <see cref="Secondary"/> the vCPU part (vm &lt;&lt; 32 | (uint)vcpu). A part the grouping ignores is 0.
/// </summary>
internal readonly record struct GroupKey(long Primary, long Secondary)
{
    public int Vm => (int)(Secondary >> 32);

    public int Vcpu => (int)Secondary;
}
