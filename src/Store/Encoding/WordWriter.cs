using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace TraceLab.Store.Encoding;

/// <summary>
/// The state of <see cref="BitPacker"/>'s branch-free writer: fewer than 8 pending bits and the byte position. The
/// destination must have 8 bytes of room after the last packed byte.
/// </summary>
internal struct WordWriter
{
    private ulong _accumulator;
    private int _pending;
    private nint _position;

    /// <summary>Appends the low <paramref name="bits"/> (at most 56) of <paramref name="value"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Put(ref byte destination, ulong value, int bits)
    {
        _accumulator |= value << _pending;
        _pending += bits;
        ulong word = BitConverter.IsLittleEndian ? _accumulator : BinaryPrimitives.ReverseEndianness(_accumulator);
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref destination, _position), word);
        _position += _pending >> 3;
        _accumulator >>= _pending & ~7;
        _pending &= 7;
    }
}
