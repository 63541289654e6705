namespace TraceLab.Ingest.Tests.Support;

/// <summary>Shows where two dumps first differ, with a little context, for assertion messages.</summary>
public static class DumpDiff
{
    public static string FirstDifference(string expected, string actual)
    {
        string[] e = expected.Split('\n');
        string[] a = actual.Split('\n');
        for (int i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            string el = i < e.Length ? e[i] : "<end>";
            string al = i < a.Length ? a[i] : "<end>";
            if (el != al)
            {
                string section = e.Take(i + 1).LastOrDefault(l => l.StartsWith('['), "");
                return $"dump line {i + 1} (section {section}):\n  expected: {el}\n  actual:   {al}";
            }
        }

        return "(no line differs)";
    }
}
