using System.Runtime.CompilerServices;

namespace TraceLab.Store.Encoding;

/// <summary>Stores unpacked values as they are (frame of reference, dictionary ids).</summary>
internal struct PlainSink : IValueSink
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly long Next(long value) => value;
}
