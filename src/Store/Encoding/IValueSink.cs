namespace TraceLab.Store.Encoding;

/// <summary>
/// What the bit-unpacker does with each unpacked value before storing it. Implemented by structs and passed as a
/// generic argument so the JIT compiles one specialised loop per sink: no per-value virtual call.
/// </summary>
internal interface IValueSink
{
    /// <summary>Returns the value to store for the unpacked value <paramref name="value"/> (already plus its block base).</summary>
    long Next(long value);
}
