using System.Globalization;
using System.IO.Pipelines;
using System.Reflection;
using System.Security.Cryptography;
using TraceLab.Ingest.Pipeline;
using TraceLab.Store;
using TraceLab.Synth;
using TraceLab.Synth.Truth;

namespace TraceLab.Benchmarks;

/// <summary>
/// Inputs the benchmarks share: a synthetic ftrace chunk built in memory, and stores built once and cached on disk.
/// </summary>
/// <remarks>
/// BenchmarkDotNet runs every benchmark case in its own process, so a store built in one GlobalSetup would be built
/// again by the next. Stores are therefore cached under <see cref="CacheDirectory"/> (bench/data by default), keyed
/// by their size and by the build of the TraceLab assemblies that wrote them: after a change to ingest or the store
/// format the next run rebuilds them with the new code, and older ones of the same kind are deleted.
/// </remarks>
internal static class BenchData
{
    /// <summary>Environment variable naming the cache folder; the host process sets it for the benchmark processes.</summary>
    public const string CacheVariable = "TRACELAB_BENCH_DATA";

    /// <summary>Environment variable naming the checkout, for the benchmark processes (they run from a build folder).</summary>
    public const string CheckoutVariable = "TRACELAB_BENCH_CHECKOUT";

    /// <summary>The projects under src/ whose sources decide a store's bytes.</summary>
    private static readonly string[] s_storeSources = ["Synth", "Ingest", "Store"];

    /// <summary>The synthetic trace every benchmark reads: TDX guest, ftrace text, kernel 6.18 print formats.</summary>
    public static SynthOptions Trace(int seed = 1) => new()
    {
        Mode = SynthMode.Tdx,
        Format = TraceFormat.Ftrace,
        Generation = KernelGeneration.V6_18,
        Seed = seed,
    };

    /// <summary>The cache folder: $TRACELAB_BENCH_DATA, else bench/data of the checkout, else a temp folder.</summary>
    public static string CacheDirectory
    {
        get
        {
            string? dir = Environment.GetEnvironmentVariable(CacheVariable);
            if (string.IsNullOrEmpty(dir))
            {
                dir = FindCheckout() is { } root ? Path.Combine(root, "bench", "data") : Path.Combine(Path.GetTempPath(), "tracelab-bench");
            }

            Directory.CreateDirectory(dir);
            return dir;
        }
    }

    /// <summary>Where BenchmarkDotNet writes its reports: bench/out/BenchmarkDotNet.Artifacts of the checkout (git-ignored), else a temp folder.</summary>
    public static string ReportDirectory => FindCheckout() is { } root
        ? Path.Combine(root, "bench", "out", "BenchmarkDotNet.Artifacts")
        : Path.Combine(Path.GetTempPath(), "tracelab-bench", "BenchmarkDotNet.Artifacts");

    /// <summary>An integer from the environment (underscores allowed: 5_000_000), or <paramref name="fallback"/>.</summary>
    public static long SizeFromEnvironment(string variable, long fallback)
    {
        string? text = Environment.GetEnvironmentVariable(variable)?.Replace("_", "", StringComparison.Ordinal);
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long value) && value > 0 ? value : fallback;
    }

    /// <summary>
    /// Whole lines of synthetic ftrace text, at most <paramref name="bytes"/> long (the '#' header included, as at
    /// the start of a real trace): what the ingest pipeline hands one parser thread.
    /// </summary>
    public static byte[] FtraceChunk(int bytes)
    {
        using var text = new MemoryStream(bytes + (1 << 20));
        TraceSynthesizer.Write(Trace() with { TargetBytes = bytes + (64L << 10) }, text, collectTruth: false);
        ReadOnlySpan<byte> all = text.GetBuffer().AsSpan(0, (int)text.Length);
        int end = all[..Math.Min(bytes, all.Length)].LastIndexOf((byte)'\n') + 1;
        return all[..end].ToArray();
    }

    /// <summary>
    /// A store of about <paramref name="events"/> events of <see cref="Trace"/>, built on first use by streaming the
    /// synthesizer into ingest (no text file is written) and cached. Returns its path.
    /// </summary>
    public static string StoreWithEvents(long events) => CachedStore($"store-{events}ev", events);

    /// <summary>A store with about <paramref name="exits"/> kvm_exit rows (the event count is estimated from a sample).</summary>
    public static string StoreWithExits(long exits)
    {
        // Exits are about a quarter of the events of a TDX trace; measure the ratio on a sample instead of guessing.
        SynthTruth sample = TraceSynthesizer.Write(Trace() with { TargetEvents = 200_000 }, Stream.Null, collectTruth: false);
        long sampleExits = Math.Max(1, sample.EventCounts.GetValueOrDefault("kvm_exit"));
        long events = (long)Math.Ceiling((double)exits * sample.EventCount / sampleExits);
        return CachedStore($"store-{exits}ex", events);
    }

    private static string CachedStore(string kind, long events)
    {
        string dir = CacheDirectory;
        string path = Path.Combine(dir, $"{kind}-{CodeVersion()}.tlab");
        if (File.Exists(path) && IsReadable(path))
        {
            return path;
        }

        foreach (string stale in Directory.EnumerateFiles(dir, kind + "-*.tlab"))
        {
            Console.WriteLine($"// removing {stale} (written by another build)");
            File.Delete(stale);
        }

        Console.WriteLine($"// building {path}: {events:N0} synthetic events streamed into ingest (once; cached)");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        BuildStore(path, events);
        using (StoreReader reader = StoreReader.Open(path))
        {
            Console.WriteLine($"// built in {clock.Elapsed.TotalSeconds:F1} s: {reader.Metadata.Events:N0} events, {reader.Metadata.Exits:N0} exits, {new FileInfo(path).Length:N0} bytes");
        }

        return path;
    }

    private static void BuildStore(string path, long events)
    {
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 32 << 20, resumeWriterThreshold: 16 << 20, useSynchronizationContext: false));
        Task producer = Task.Factory.StartNew(() =>
        {
            using Stream stream = pipe.Writer.AsStream();
            TraceSynthesizer.Write(Trace() with { TargetEvents = events }, stream, collectTruth: false);
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        var input = new TraceInput("synth", -1, () => pipe.Reader);
        var options = new IngestOptions { Writer = "TraceLab.Benchmarks" };
        IngestResult result = TraceIngester.IngestToFileAsync([input], path, options).GetAwaiter().GetResult();
        producer.GetAwaiter().GetResult();
        if (!result.Committed)
        {
            throw new InvalidOperationException($"ingest did not commit {path}");
        }
    }

    private static bool IsReadable(string path)
    {
        try
        {
            using StoreReader reader = StoreReader.Open(path);
            return reader.Metadata.Events > 0;
        }
        catch (StoreFormatException)
        {
            return false;
        }
    }

    /// <summary>
    /// Short hash of the sources that decide a store's bytes (src/Synth, src/Ingest, src/Store): a store stays cached
    /// until one of them changes, whatever else is committed. Without a checkout, the assemblies' module version ids.
    /// </summary>
    private static string CodeVersion()
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        if (FindCheckout() is { } root)
        {
            // The same bytes as bench/lib.sh's source_hash (each path, a newline, the file; paths in byte order), so
            // the scripts' stores and these carry the same hash for the same sources.
            var files = s_storeSources
                .SelectMany(project => Directory.EnumerateFiles(Path.Combine(root, "src", project), "*", SearchOption.AllDirectories))
                .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".csproj", StringComparison.Ordinal))
                .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
                .Where(f => !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal);
            foreach (string file in files)
            {
                sha.AppendData(System.Text.Encoding.UTF8.GetBytes(file + "\n"));
                sha.AppendData(File.ReadAllBytes(Path.Combine(root, file)));
            }
        }
        else
        {
            foreach (Assembly assembly in new[] { typeof(TraceSynthesizer).Assembly, typeof(TraceIngester).Assembly, typeof(StoreReader).Assembly })
            {
                sha.AppendData(assembly.ManifestModule.ModuleVersionId.ToByteArray());
            }
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset())[..12];
    }

    /// <summary>The checkout (folder of TraceLab.sln): $TRACELAB_BENCH_CHECKOUT, set by the host for the benchmark processes, or found upwards.</summary>
    public static string? FindCheckout()
    {
        string? given = Environment.GetEnvironmentVariable(CheckoutVariable);
        if (!string.IsNullOrEmpty(given) && File.Exists(Path.Combine(given, "TraceLab.sln")))
        {
            return given;
        }

        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (DirectoryInfo? dir = new(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "TraceLab.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        return null;
    }
}
