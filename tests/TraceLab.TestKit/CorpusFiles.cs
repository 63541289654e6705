namespace TraceLab.TestKit;

/// <summary>
/// The text traces of ../shared/corpus: public/*.txt (not the *.source.txt sidecars), the big public
/// *.report.txt.gz trace-cmd reports (decompressed in the test), and real/*.txt except the small helper files.
/// They may not be copied into this repository (no licence), so tests read them in place.
/// </summary>
public static class CorpusFiles
{
    /// <summary>real/ files that are not traces (or, for the raw-head file, an optional extra form).</summary>
    private static readonly HashSet<string> s_notTraces = new(StringComparer.Ordinal)
    {
        "counts.txt", "meta.txt", "perf-script.stderr.txt", "trace-cmd-report-raw-head.txt", "README.md",
    };

    /// <summary>Names relative to corpus/ ("public/x.txt", "real/ftrace.txt"); empty when ../shared is missing.</summary>
    public static IReadOnlyList<string> Names { get; } = List();

    public static TheoryData<string> All
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (string name in Names)
            {
                data.Add(name);
            }

            if (Names.Count == 0)
            {
                // xunit fails a theory with no data; the SharedTheory attribute reports it skipped instead.
                data.Add("(../shared missing)");
            }

            return data;
        }
    }

    public static string PathOf(string name) => SharedDir.Combine("corpus", name);

    /// <summary>The file's bytes, decompressed when it is a .gz.</summary>
    public static byte[] Read(string name)
    {
        string path = PathOf(name);
        if (!name.EndsWith(".gz", StringComparison.Ordinal))
        {
            return File.ReadAllBytes(path);
        }

        using var gzip = new System.IO.Compression.GZipStream(File.OpenRead(path), System.IO.Compression.CompressionMode.Decompress);
        using var buffer = new MemoryStream();
        gzip.CopyTo(buffer);
        return buffer.ToArray();
    }

    private static List<string> List()
    {
        if (SharedDir.Path is null)
        {
            return [];
        }

        string corpus = SharedDir.Combine("corpus");
        var names = new List<string>();
        foreach (string path in Directory.EnumerateFiles(Path.Combine(corpus, "public")))
        {
            string file = Path.GetFileName(path);
            if ((file.EndsWith(".txt", StringComparison.Ordinal) && !file.EndsWith(".source.txt", StringComparison.Ordinal))
                || file.EndsWith(".report.txt.gz", StringComparison.Ordinal) || file.EndsWith("-report.txt.gz", StringComparison.Ordinal))
            {
                names.Add("public/" + file);
            }
        }

        foreach (string path in Directory.EnumerateFiles(Path.Combine(corpus, "real"), "*.txt"))
        {
            string file = Path.GetFileName(path);
            if (!s_notTraces.Contains(file))
            {
                names.Add("real/" + file);
            }
        }

        names.Sort(StringComparer.Ordinal);
        return names;
    }
}
