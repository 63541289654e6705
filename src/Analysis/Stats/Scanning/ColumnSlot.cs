namespace TraceLab.Analysis.Stats.Scanning;

/// <summary>Buffer slots of <see cref="ColumnBuffers"/>: one per column a scanner may hold decoded at the same time.</summary>
internal static class ColumnSlot
{
    public const int Isa = 0;
    public const int Code = 1;
    public const int Handling = 2;
    public const int UserspaceReason = 3;
    public const int UserspaceErrno = 4;
    public const int Vm = 5;
    public const int Vcpu = 6;
    public const int Reason = 7;
    public const int CompanionFirst = 8;
    public const int CompanionCount = 9;
    public const int CompanionLast = 10;
    public const int Tid = 11;
    public const int Kind = 12;
    public const int A0 = 13;
    public const int A1 = 14;
    public const int File = 15;
    public const int Timestamp = 16;

    public const int Count = 17;
}
