using System.Runtime.Intrinsics;

namespace TraceLab.Store.Encoding;

/// <summary>Divides packed values by the stream's common factor; a struct per case so factor 1 costs nothing.</summary>
internal interface IDivisor
{
    /// <summary>The factor divided by (1 for none).</summary>
    long Factor { get; }

    /// <summary>
    /// True when <see cref="Divide(Vector256{ulong})"/> is a few vector instructions on this CPU, so that the packer
    /// may work four values at a time.
    /// </summary>
    bool Vectorizes { get; }

    ulong Divide(ulong value);

    /// <summary>
    /// Four values at once, where <see cref="Vectorizes"/>: the low 32 bits of each quotient, the high 32 zero. That
    /// is all the packer needs: it works four at a time only up to 14 bits per value.
    /// </summary>
    Vector256<ulong> Divide(Vector256<ulong> values);
}
