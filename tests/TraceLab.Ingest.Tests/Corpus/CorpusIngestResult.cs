using TraceLab.Ingest.Pipeline;
using TraceLab.Store;

namespace TraceLab.Ingest.Tests.Corpus;

/// <summary>A corpus file's bytes and the store the real ingester made of them.</summary>
public sealed record CorpusIngestResult(string Name, byte[] Bytes, MemoryStore Store, IngestResult Result);
