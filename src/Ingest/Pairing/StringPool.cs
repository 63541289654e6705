namespace TraceLab.Ingest.Pairing;

/// <summary>A store-wide string pool being built: strings get dense ids in order of first appearance.</summary>
internal sealed class StringPool
{
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly List<string> _values = [];

    public IReadOnlyList<string> Values => _values;

    public int Intern(string value)
    {
        if (!_ids.TryGetValue(value, out int id))
        {
            id = _values.Count;
            _ids.Add(value, id);
            _values.Add(value);
        }

        return id;
    }

    /// <summary>Maps a chunk's local ids to pool ids (index = local id).</summary>
    public int[] MapAll(IReadOnlyList<string> local)
    {
        var map = new int[local.Count];
        for (int i = 0; i < map.Length; i++)
        {
            map[i] = Intern(local[i]);
        }

        return map;
    }
}
