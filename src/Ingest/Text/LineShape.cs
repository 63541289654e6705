namespace TraceLab.Ingest.Text;

/// <summary>What one input line turned out to be.</summary>
internal enum LineShape : byte
{
    /// <summary>A complete event: header fields, event name and payload.</summary>
    Event,

    /// <summary>A header that ends after the timestamp: the event was wrapped onto the next line (mail clients).</summary>
    HeaderOnly,

    /// <summary>An event name with no ':' after it and no payload: the line was cut.</summary>
    Truncated,

    Blank,

    /// <summary>A line whose first non-blank character is '#': the ftrace header block or a comment.</summary>
    Comment,

    /// <summary>A lost-events marker such as <c>CPU:3 [LOST 1234 EVENTS]</c>.</summary>
    LostEvents,

    /// <summary>trace-cmd report's <c>cpus=N</c> first line (and its <c>version = N</c> line).</summary>
    FormatHeader,

    /// <summary>Anything else: prose, a wrapped payload's tail, a cut line.</summary>
    Unrecognized,
}
