namespace TraceLab.Store.Encoding;

/// <summary>
/// Multiplies unpacked values by the stream's common factor. Two structs, so the unpack loop for the usual factor 1
/// carries no multiply at all.
/// </summary>
internal interface IScale
{
    ulong Apply(ulong value);
}
