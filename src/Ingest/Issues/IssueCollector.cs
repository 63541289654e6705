using TraceLab.Store.Metadata;

namespace TraceLab.Ingest.Issues;

/// <summary>
/// Counts issues by kind and keeps the first few samples of each with their location, so a report can say
/// "file:line:column" without storing every bad line. One collector per chunk (no locking); chunks are merged in
/// input order, so samples stay the first ones of the file.
/// </summary>
internal sealed class IssueCollector
{
    public const int SamplesPerKind = 20;
    private const int MaxSampleText = 200;

    private readonly long[] _counts = new long[Enum.GetValues<IngestIssueKind>().Length];
    private readonly List<IssueSample>?[] _samples = new List<IssueSample>?[Enum.GetValues<IngestIssueKind>().Length];

    /// <summary>Counts one issue; <paramref name="text"/> is decoded only when the sample is kept.</summary>
    public void Add(IngestIssueKind kind, string file, long line, int column, ReadOnlySpan<byte> text, long count = 1)
    {
        _counts[(int)kind] += count;
        if (WantsSample(kind))
        {
            ReadOnlySpan<byte> cut = text.Length > MaxSampleText ? text[..MaxSampleText] : text;
            _samples[(int)kind]!.Add(new IssueSample { File = file, Line = line, Column = column, Text = System.Text.Encoding.UTF8.GetString(cut) });
        }
    }

    /// <summary>Counts one issue found by reasoning over several lines; <paramref name="text"/> says what was found.</summary>
    public void Add(IngestIssueKind kind, string file, long line, int column, string text)
    {
        _counts[(int)kind]++;
        if (WantsSample(kind))
        {
            _samples[(int)kind]!.Add(new IssueSample { File = file, Line = line, Column = column, Text = text });
        }
    }

    /// <summary>True while fewer than <see cref="SamplesPerKind"/> samples of the kind are kept.</summary>
    private bool WantsSample(IngestIssueKind kind) => (_samples[(int)kind] ??= []).Count < SamplesPerKind;

    public long Count(IngestIssueKind kind) => _counts[(int)kind];

    /// <summary>Adds another collector's counts and samples, shifting its line numbers by <paramref name="lineBase"/>.</summary>
    public void Merge(IssueCollector other, long lineBase)
    {
        for (int k = 0; k < _counts.Length; k++)
        {
            _counts[k] += other._counts[k];
            if (other._samples[k] is not { } theirs)
            {
                continue;
            }

            List<IssueSample> mine = _samples[k] ??= [];
            foreach (IssueSample s in theirs)
            {
                if (mine.Count >= SamplesPerKind)
                {
                    break;
                }

                mine.Add(new IssueSample { File = s.File, Line = s.Line + lineBase, Column = s.Column, Text = s.Text });
            }
        }
    }

    /// <summary>The non-zero kinds as metadata entries, in enum order.</summary>
    public List<IssueSummary> ToSummaries()
    {
        var list = new List<IssueSummary>();
        foreach (IngestIssueKind kind in Enum.GetValues<IngestIssueKind>())
        {
            long count = _counts[(int)kind];
            if (count == 0)
            {
                continue;
            }

            list.Add(new IssueSummary
            {
                Kind = IngestIssueInfo.Name(kind),
                Severity = IngestIssueInfo.Severity(kind),
                Count = count,
                Samples = [.. _samples[(int)kind] ?? []],
            });
        }

        return list;
    }
}
