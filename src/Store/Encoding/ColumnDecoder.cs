using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace TraceLab.Store.Encoding;

/// <summary>
/// Decodes column chunks written by <see cref="ColumnEncoder"/>. Every length and id is checked against the payload,
/// so a damaged chunk that slipped past its checksum yields false, never an out-of-range read or wrong-length output.
/// Stateless and thread-safe.
/// </summary>
internal static class ColumnDecoder
{
    /// <summary>Decodes exactly <c>destination.Length</c> rows; false when the payload is not a valid chunk of that many rows.</summary>
    public static bool TryDecode(ColumnEncoding encoding, ReadOnlySpan<byte> payload, Span<long> destination)
    {
        if (destination.IsEmpty)
        {
            return false;
        }

        return encoding switch
        {
            ColumnEncoding.Raw => TryDecodeRaw(payload, destination),
            ColumnEncoding.Constant => TryDecodeConstant(payload, destination),
            ColumnEncoding.FrameOfReference => TryDecodeFrameOfReference(payload, destination),
            ColumnEncoding.Delta => TryDecodeDelta(payload, destination),
            ColumnEncoding.Dictionary => TryDecodeDictionary(payload, destination),
            ColumnEncoding.NullMasked => TryDecodeNullMasked(payload, destination),
            _ => false,
        };
    }

    /// <summary>
    /// <c>u8 inner encoding</c>, the validity bitmap, then the rows that are not null as a chunk of the inner encoding.
    /// Those rows are decoded into the tail of <paramref name="destination"/> and spread out in place.
    /// </summary>
    private static bool TryDecodeNullMasked(ReadOnlySpan<byte> payload, Span<long> destination)
    {
        int bitmapLength = NullMask.Length(destination.Length);
        if (payload.Length < 1 + bitmapLength || payload[0] > (byte)ColumnEncoding.Dictionary)
        {
            return false;
        }

        ReadOnlySpan<byte> bitmap = payload.Slice(1, bitmapLength);
        int present = NullMask.CountPresent(bitmap, destination.Length);
        if (present < 1 ||
            !TryDecode((ColumnEncoding)payload[0], payload[(1 + bitmapLength)..], destination[(destination.Length - present)..]))
        {
            return false;
        }

        NullMask.Expand(bitmap, destination, present);
        return true;
    }

    private static bool TryDecodeRaw(ReadOnlySpan<byte> payload, Span<long> destination)
    {
        if (payload.Length != 8L * destination.Length)
        {
            return false;
        }

        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.Cast<byte, long>(payload).CopyTo(destination);
            return true;
        }

        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = BinaryPrimitives.ReadInt64LittleEndian(payload.Slice(i * 8, 8));
        }

        return true;
    }

    private static bool TryDecodeConstant(ReadOnlySpan<byte> payload, Span<long> destination)
    {
        if (payload.Length != 8)
        {
            return false;
        }

        destination.Fill(BinaryPrimitives.ReadInt64LittleEndian(payload));
        return true;
    }

    private static bool TryDecodeFrameOfReference(ReadOnlySpan<byte> payload, Span<long> destination)
    {
        int position = 0;
        var sink = default(PlainSink);
        return PackedBlocks.TryRead(payload, ref position, destination, ref sink) && position == payload.Length;
    }

    private static bool TryDecodeDelta(ReadOnlySpan<byte> payload, Span<long> destination)
    {
        if (payload.Length < 8)
        {
            return false;
        }

        long first = BinaryPrimitives.ReadInt64LittleEndian(payload);
        destination[0] = first;
        int position = 8;
        var sink = new RunningSumSink(first);
        return PackedBlocks.TryRead(payload, ref position, destination[1..], ref sink) && position == payload.Length;
    }

    private static bool TryDecodeDictionary(ReadOnlySpan<byte> payload, Span<long> destination)
    {
        int position = 0;
        if (!VarInt.TryRead(payload, ref position, out ulong distinct) || distinct < 1 ||
            distinct > (ulong)destination.Length || payload.Length - position < 8)
        {
            return false;
        }

        int count = (int)distinct;
        long[] dictionary = ArrayPool<long>.Shared.Rent(count);
        try
        {
            long first = BinaryPrimitives.ReadInt64LittleEndian(payload[position..]);
            position += 8;
            dictionary[0] = first;
            var sums = new RunningSumSink(first);
            if (!PackedBlocks.TryRead(payload, ref position, dictionary.AsSpan(1, count - 1), ref sums))
            {
                return false;
            }

            var lookup = new DictionarySink(dictionary, count);
            return PackedBlocks.TryRead(payload, ref position, destination, ref lookup) &&
                !lookup.Invalid && position == payload.Length;
        }
        finally
        {
            ArrayPool<long>.Shared.Return(dictionary);
        }
    }
}
