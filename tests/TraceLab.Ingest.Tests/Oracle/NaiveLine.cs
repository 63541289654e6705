namespace TraceLab.Ingest.Tests.Oracle;

/// <summary>One input line as the reference parser classified it.</summary>
public sealed class NaiveLine
{
    public long Number { get; init; }

    public NaiveLineKind Kind { get; set; }

    public string Text { get; init; } = "";

    /// <summary>For <see cref="NaiveLineKind.Event"/>: the event that starts on this line.</summary>
    public NaiveEvent? Event { get; set; }

    /// <summary>For <see cref="NaiveLineKind.LostEvents"/>: the CPU and the count (0 when not printed).</summary>
    public int LostCpu { get; init; } = -1;

    public long LostCount { get; init; }
}
