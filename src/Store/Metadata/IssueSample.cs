namespace TraceLab.Store.Metadata;

/// <summary>One place an ingest issue happened: file, 1-based line and column, and the text there (cut to 200 chars).</summary>
public sealed class IssueSample
{
    public string File { get; set; } = "";

    public long Line { get; set; }

    public int Column { get; set; }

    public string Text { get; set; } = "";
}
