using TraceLab.Ingest.Events;
using TraceLab.Ingest.Text;
using TraceLab.Store.Kvm;

namespace TraceLab.Ingest.Chunks;

/// <summary>
/// Tells whether a line may be the first half of a wrapped event (a header whose event is on the next line, or a
/// payload cut mid-field). The chunker never ends a chunk after such a line, so the parser always sees both halves
/// together and the store does not depend on where chunks were cut.
/// </summary>
internal static class WrapDetector
{
    private static readonly NoCacheResolver s_resolver = new();

    public static bool MayContinue(ReadOnlySpan<byte> line, TraceFormat format)
    {
        LineShape shape = TraceLineParser.Parse(line, format, out TraceLine f);
        if (shape == LineShape.HeaderOnly)
        {
            return true;
        }

        if (shape != LineShape.Event)
        {
            return false;
        }

        EventKind kind = EventNameTable.Lookup(f.Event);
        if (kind == EventKind.Other)
        {
            return false;
        }

        var d = default(DecodedEvent);
        d.Reset();
        KvmPayloadDecoder.Decode(kind, f.Payload, ref d, s_resolver);
        return d.Incomplete;
    }

    private sealed class NoCacheResolver : IExitReasonResolver
    {
        public bool TryResolve(ReadOnlySpan<byte> text, out long code, out Isa isa) => ExitReasonParser.TryParse(text, out code, out isa);
    }
}
