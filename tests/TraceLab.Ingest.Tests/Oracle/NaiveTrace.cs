namespace TraceLab.Ingest.Tests.Oracle;

/// <summary>What the reference parser made of a whole file: every line, the events in order, and the exits.</summary>
public sealed class NaiveTrace
{
    public required IReadOnlyList<NaiveLine> Lines { get; init; }

    public required IReadOnlyList<NaiveEvent> Events { get; init; }

    public required IReadOnlyList<NaiveExit> Exits { get; init; }
}
