namespace TraceLab.Ingest.Tests.Oracle;

/// <summary>How far the reference decoder got with a payload.</summary>
public enum NaiveDecodeStatus
{
    /// <summary>The event is not one the reference decoder knows; only header fields are compared.</summary>
    NotDecoded,

    /// <summary>The payload matched a print format exactly.</summary>
    Complete,

    /// <summary>The payload matched no print format (cut, wrapped, annotated by an author).</summary>
    Failed,
}
