using System.Text;

namespace TraceLab.Ingest.Tests.Oracle;

/// <summary>The outcome of comparing a store with the reference parser: what was compared and every disagreement.</summary>
public sealed class DifferentialReport
{
    public const int MaxListed = 60;

    public List<Disagreement> Disagreements { get; } = [];

    public int LinesCompared { get; set; }

    public int EventsCompared { get; set; }

    public int ExitsCompared { get; set; }

    /// <summary>Exits whose pairing (entry, latency, companions, flags) was compared too.</summary>
    public int ExitPairingsCompared { get; set; }

    public int UnknownLines { get; set; }

    public void Add(long line, string field, object? store, object? naive, string text) =>
        Disagreements.Add(new Disagreement(line, field, Convert.ToString(store, System.Globalization.CultureInfo.InvariantCulture) ?? "null",
            Convert.ToString(naive, System.Globalization.CultureInfo.InvariantCulture) ?? "null", text));

    /// <summary>A readable summary: counts per field, then the first disagreements with the input line.</summary>
    public string Describe(string file)
    {
        var sb = new StringBuilder();
        sb.Append(file).Append(": ").Append(Disagreements.Count).Append(" disagreement(s); compared ")
            .Append(LinesCompared).Append(" lines, ").Append(EventsCompared).Append(" events, ")
            .Append(ExitsCompared).Append(" exits (").Append(ExitPairingsCompared).Append(" with pairing); ")
            .Append(UnknownLines).Append(" lines not understood by the reference parser\n");
        foreach (IGrouping<string, Disagreement> g in Disagreements.GroupBy(d => d.Field).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            sb.Append("  ").Append(g.Key).Append(": ").Append(g.Count()).Append('\n');
        }

        foreach (Disagreement d in Disagreements.Take(MaxListed))
        {
            sb.Append("  line ").Append(d.Line).Append(' ').Append(d.Field).Append(": store=").Append(d.Store)
                .Append(" reference=").Append(d.Reference).Append("  | ").Append(d.Text.Length > 220 ? d.Text[..220] : d.Text).Append('\n');
        }

        return sb.ToString();
    }
}
