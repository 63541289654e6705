namespace TraceLab.Store.Encoding;

/// <summary>Divides packed values by the stream's common factor; a struct per case so factor 1 costs nothing.</summary>
internal interface IDivisor
{
    /// <summary>The factor divided by (1 for none).</summary>
    long Factor { get; }

    ulong Divide(ulong value);
}
