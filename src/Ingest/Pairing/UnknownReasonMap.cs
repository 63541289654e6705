using TraceLab.Ingest.Events;

namespace TraceLab.Ingest.Pairing;

/// <summary>
/// Turns one chunk's exit codes for reason names no table knows (<c>UnknownNameBase + chunk-local id</c>) into
/// store-wide ones (<c>UnknownNameBase + reasons-pool id</c>). A name is interned when its first exit is paired, in
/// row order, like the known names, so pool ids do not depend on how the input was chunked.
/// </summary>
internal sealed class UnknownReasonMap
{
    private readonly StringPool _reasons;
    private IReadOnlyList<string> _names = [];
    private int[] _poolIds = [];

    public UnknownReasonMap(StringPool reasons) => _reasons = reasons;

    /// <summary>Starts a new chunk, whose unknown reason names are <paramref name="names"/> (index = local id).</summary>
    public void Reset(IReadOnlyList<string> names)
    {
        _names = names;
        _poolIds = new int[names.Count];
        Array.Fill(_poolIds, -1);
    }

    /// <summary>The store-wide code of a chunk-local unknown-reason code (≥ <see cref="ExitReasonParser.UnknownNameBase"/>).</summary>
    public long ToStore(long code)
    {
        int local = (int)(code - ExitReasonParser.UnknownNameBase);
        if (_poolIds[local] < 0)
        {
            _poolIds[local] = _reasons.Intern(_names[local]);
        }

        return ExitReasonParser.UnknownNameBase + _poolIds[local];
    }
}
