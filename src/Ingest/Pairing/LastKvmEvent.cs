namespace TraceLab.Ingest.Pairing;

/// <summary>The last pairing-relevant event on a thread.</summary>
internal enum LastKvmEvent : byte
{
    None,
    Entry,
    Exit,
}
