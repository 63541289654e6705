namespace TraceLab.Store.Metadata;

/// <summary>How often one kind of ingest issue happened, with the first few places it happened.</summary>
public sealed class IssueSummary
{
    /// <summary>Stable kind name, e.g. "lost-events", "truncated-line", "unpaired-entry" (docs/ingest-issues.md).</summary>
    public string Kind { get; set; } = "";

    /// <summary>"info", "warning", "error" or "data-loss".</summary>
    public string Severity { get; set; } = "";

    public long Count { get; set; }

    public List<IssueSample> Samples { get; set; } = [];
}
