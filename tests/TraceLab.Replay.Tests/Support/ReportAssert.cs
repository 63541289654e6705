using TraceLab.Replay.Checking;
using TraceLab.Replay.Output;

namespace TraceLab.Replay.Tests.Support;

/// <summary>Assertions on a replay report that print the whole report when they fail.</summary>
public static class ReportAssert
{
    /// <summary>Exactly one divergence, of <paramref name="rule"/>, whose offending event is at <paramref name="eventLine"/>.</summary>
    public static Divergence One(ReplayReport report, string rule, int eventLine)
    {
        Assert.True(report.Divergences.Count == 1, Describe(report));
        Divergence d = report.Divergences[0];
        Assert.True(d.Rule == rule && d.EventLine == eventLine, Describe(report));
        return d;
    }

    public static void Clean(ReplayReport report)
    {
        Assert.True(report.Divergences.Count == 0 && report.Undecidable.Count == 0, Describe(report));
    }

    public static string Describe(ReplayReport report)
    {
        var text = new StringWriter();
        ReplayTextWriter.Write(report, text);
        return text.ToString();
    }
}
