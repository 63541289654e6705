namespace TraceLab.Ingest.Tests.Oracle;

/// <summary>
/// The ingest bugs reported to the lead that the corpus triggers. Remove an entry when its bug is fixed (the
/// differential test prints which entries no longer match anything).
/// </summary>
public static class KnownDisagreements
{
    public static IReadOnlyList<KnownDisagreement> All { get; } = [];
}
