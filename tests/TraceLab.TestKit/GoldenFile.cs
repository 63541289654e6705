using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;

namespace TraceLab.TestKit;

/// <summary>
/// Golden-file assertions (conventions §8, PerfView's baseline files): the expected text lives in the test
/// project's Golden/ folder. On a mismatch the actual text is written next to the golden as
/// <c>&lt;name&gt;.actual.tsv</c> and the failure prints the diff command; <c>TRACELAB_ACCEPT=1</c> rewrites the
/// goldens instead. A missing golden is a failure, never a silent pass, and says how to create it.
/// </summary>
public static class GoldenFile
{
    public const string AcceptVariable = "TRACELAB_ACCEPT";

    /// <summary>True when goldens should be (re)written rather than compared.</summary>
    public static bool Accepting => Environment.GetEnvironmentVariable(AcceptVariable) == "1";

    /// <summary>
    /// Compares <paramref name="actual"/> with <paramref name="goldenPath"/>, a path relative to the calling test
    /// project's Golden/ folder (e.g. <c>Fixtures/crlf.tsv</c>). Line endings are normalised to '\n' first, so a
    /// checkout with autocrlf does not fail every golden.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void AssertMatches(string actual, string goldenPath, [CallerFilePath] string callerFile = "")
    {
        string project = TestProjectDirectory.Find(callerFile, Assembly.GetCallingAssembly());
        string golden = Path.GetFullPath(Path.Combine(project, "Golden", goldenPath));
        string actualPath = ActualPathFor(golden);
        string normalised = Normalise(actual);

        if (Accepting)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(golden)!);
            File.WriteAllText(golden, normalised, new UTF8Encoding(false));
            File.Delete(actualPath);
            return;
        }

        if (!File.Exists(golden))
        {
            WriteActual(actualPath, normalised);
            Assert.Fail($"Golden file missing: {golden}\nThe output was written to {actualPath}.\n" +
                $"Review it, then create the golden with:  mv '{actualPath}' '{golden}'\n" +
                $"or bless every golden with:  {AcceptVariable}=1 dotnet test");
        }

        string expected = Normalise(File.ReadAllText(golden));
        if (string.Equals(expected, normalised, StringComparison.Ordinal))
        {
            File.Delete(actualPath);
            return;
        }

        WriteActual(actualPath, normalised);
        Assert.Fail($"Output differs from golden {golden} ({FirstDifference(expected, normalised)}).\n" +
            $"See:  diff -u '{golden}' '{actualPath}'\n" +
            $"If the new output is right:  {AcceptVariable}=1 dotnet test  (or mv the .actual.tsv over the golden)");
    }

    /// <summary><c>Golden/x/name.tsv</c> → <c>Golden/x/name.actual.tsv</c>.</summary>
    public static string ActualPathFor(string goldenPath) =>
        Path.Combine(Path.GetDirectoryName(goldenPath)!, Path.GetFileNameWithoutExtension(goldenPath) + ".actual.tsv");

    private static void WriteActual(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text, new UTF8Encoding(false));
    }

    private static string Normalise(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);

    private static string FirstDifference(string expected, string actual)
    {
        string[] e = expected.Split('\n');
        string[] a = actual.Split('\n');
        for (int i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            string el = i < e.Length ? e[i] : "<end of file>";
            string al = i < a.Length ? a[i] : "<end of file>";
            if (!string.Equals(el, al, StringComparison.Ordinal))
            {
                return $"first difference at line {i + 1}: expected \"{Cut(el)}\", actual \"{Cut(al)}\"";
            }
        }

        return "no line differs";
    }

    private static string Cut(string s) => s.Length > 160 ? s[..160] + "…" : s;
}
