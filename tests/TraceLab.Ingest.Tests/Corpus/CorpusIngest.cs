using System.Collections.Concurrent;
using TraceLab.Ingest.Pipeline;
using TraceLab.Ingest.Tests.Support;
using TraceLab.Store;
using TraceLab.TestKit;

namespace TraceLab.Ingest.Tests.Corpus;

/// <summary>
/// Each corpus file ingested once per test run and shared by the tests that look at it (differential, aggregate
/// golden, hand-computed values): ingesting the 23 MB report twice would cost more than all the checks together.
/// </summary>
public static class CorpusIngest
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<CorpusIngestResult>>> s_cache = new(StringComparer.Ordinal);

    public static Task<CorpusIngestResult> GetAsync(string name) =>
        s_cache.GetOrAdd(name, n => new Lazy<Task<CorpusIngestResult>>(() => LoadAsync(n))).Value;

    private static async Task<CorpusIngestResult> LoadAsync(string name)
    {
        byte[] bytes = CorpusFiles.Read(name);
        (MemoryStore store, IngestResult result) = await TestIngest.RunAsync(bytes, name: name);
        return new CorpusIngestResult(name, bytes, store, result);
    }
}
