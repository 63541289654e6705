using System.Buffers.Binary;
using System.Text;

namespace TraceLab.Store;

/// <summary>
/// Bounds-checked little-endian reads over the footer. Any read past the end, oversized count or invalid UTF-8 throws
/// <see cref="StoreFormatException"/> naming the file, so a damaged footer can never cause an out-of-range read or a
/// huge allocation.
/// </summary>
internal ref struct FooterSpanReader
{
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ReadOnlySpan<byte> _data;
    private readonly string _path;
    private int _position;

    public FooterSpanReader(ReadOnlySpan<byte> data, string path)
    {
        _data = data;
        _path = path;
    }

    public readonly bool AtEnd => _position == _data.Length;

    public byte ReadByte() => Take(1)[0];

    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

    /// <summary>
    /// A u32 count of items that take at least <paramref name="minItemSize"/> bytes each; refused when the rest of the
    /// footer could not hold that many (this is what stops a flipped bit from asking for a billion-entry list).
    /// </summary>
    public int ReadCount(int minItemSize, string what)
    {
        uint count = ReadUInt32();
        if (count > (uint)((_data.Length - _position) / minItemSize))
        {
            throw Corrupt($"the footer claims {count} {what}, more than it has room for");
        }

        return (int)count;
    }

    public string ReadString()
    {
        uint length = ReadUInt32();
        if (length > (uint)(_data.Length - _position))
        {
            throw Corrupt("a name in the footer runs past its end");
        }

        try
        {
            return s_strictUtf8.GetString(Take((int)length));
        }
        catch (DecoderFallbackException e)
        {
            throw StoreFormatException.Corrupt(_path, "a name in the footer is not valid UTF-8", e);
        }
    }

    public readonly StoreFormatException Corrupt(string detail) => StoreFormatException.Corrupt(_path, detail);

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > _data.Length - _position)
        {
            throw Corrupt("the footer ends in the middle of an entry");
        }

        ReadOnlySpan<byte> span = _data.Slice(_position, count);
        _position += count;
        return span;
    }
}
