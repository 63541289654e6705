using TraceLab.Ingest.Events;
using TraceLab.Store.Kvm;

namespace TraceLab.Ingest.Chunks;

/// <summary>
/// Remembers what each distinct reason text parsed to, so the symbol tables are consulted once per spelling rather
/// than once per exit. A trace has a few dozen distinct reasons and millions of exits.
/// </summary>
internal sealed class ExitReasonCache : IExitReasonResolver
{
    private readonly ByteStringTable _texts = new();
    private readonly List<(bool Known, long Code, Isa Isa)> _parsed = [];

    public bool TryResolve(ReadOnlySpan<byte> text, out long code, out Isa isa)
    {
        int id = _texts.Intern(text);
        if (id == _parsed.Count)
        {
            bool known = ExitReasonParser.TryParse(text, out long c, out Isa i);
            _parsed.Add((known, c, i));
        }

        (bool ok, code, isa) = _parsed[id];
        return ok;
    }
}
