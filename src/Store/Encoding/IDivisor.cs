namespace TraceLab.Store.Encoding;

/// <summary>Divides packed values by the stream's common factor; a struct per case so factor 1 costs nothing.</summary>
internal interface IDivisor
{
    ulong Divide(ulong value);
}
