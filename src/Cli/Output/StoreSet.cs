using TraceLab.Ingest.Pipeline;
using TraceLab.Store;

namespace TraceLab.Cli.Output;

/// <summary>
/// The stores a command works on. Every command that takes a store also takes a raw trace: a path that is not a
/// store is ingested on the fly into a temporary store file (bounded memory whatever its size), deleted on dispose.
/// </summary>
internal sealed class StoreSet : IDisposable
{
    private readonly List<string> _temporary = [];

    public List<ITraceStore> Stores { get; } = [];

    /// <summary>Opens stores and ingests traces; throws <see cref="StoreFormatException"/> or IO errors for bad inputs.</summary>
    public static async Task<StoreSet> OpenAsync(IReadOnlyList<string> paths, IngestOptions ingest, CancellationToken ct)
    {
        var set = new StoreSet();
        try
        {
            foreach (string path in paths)
            {
                if (path != "-" && StoreReader.IsStore(path))
                {
                    set.Stores.Add(StoreReader.Open(path));
                    continue;
                }

                string temp = Path.Combine(Path.GetTempPath(), $"tracelab-{Environment.ProcessId}-{Guid.NewGuid():N}.tlab");
                set._temporary.Add(temp);
                await TraceIngester.IngestToFileAsync([TraceInput.FromPath(path)], temp, ingest, cancellationToken: ct).ConfigureAwait(false);
                set.Stores.Add(StoreReader.Open(temp));
            }

            return set;
        }
        catch
        {
            set.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        foreach (ITraceStore store in Stores)
        {
            store.Dispose();
        }

        foreach (string temp in _temporary)
        {
            try
            {
                File.Delete(temp);
            }
            catch (IOException)
            {
                // A temporary store that cannot be deleted is left in the temp folder; nothing depends on it.
            }
        }
    }
}
