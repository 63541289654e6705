using System.Buffers.Binary;
using TraceLab.Store.Encoding;

namespace TraceLab.Store;

/// <summary>A growable little-endian byte buffer for building the footer and string pools.</summary>
internal sealed class ByteBuffer
{
    private static readonly System.Text.UTF8Encoding s_utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private byte[] _data = new byte[1024];

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Written => _data.AsSpan(0, Length);

    public void WriteByte(byte value) => Take(1)[0] = value;

    public void WriteUInt32(uint value) => BinaryPrimitives.WriteUInt32LittleEndian(Take(4), value);

    public void WriteInt64(long value) => BinaryPrimitives.WriteInt64LittleEndian(Take(8), value);

    public void WriteVarInt(ulong value)
    {
        Span<byte> scratch = stackalloc byte[VarInt.MaxLength];
        int length = 0;
        VarInt.Write(scratch, ref length, value);
        scratch[..length].CopyTo(Take(length));
    }

    public void WriteBytes(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Take(bytes.Length));

    /// <summary>A u32 byte length, then the UTF-8 bytes (lone surrogates become U+FFFD, as UTF-8 cannot hold them).</summary>
    public void WriteString(string value)
    {
        WriteUInt32((uint)s_utf8.GetByteCount(value));
        WriteUtf8(value);
    }

    /// <summary>The UTF-8 bytes of <paramref name="value"/> with no length.</summary>
    public void WriteUtf8(string value)
    {
        Span<byte> target = Take(s_utf8.GetByteCount(value));
        s_utf8.GetBytes(value, target);
    }

    public static int Utf8Length(string value) => s_utf8.GetByteCount(value);

    private Span<byte> Take(int count)
    {
        if (_data.Length - Length < count)
        {
            Array.Resize(ref _data, Math.Max(Length + count, _data.Length * 2));
        }

        Span<byte> span = _data.AsSpan(Length, count);
        Length += count;
        return span;
    }
}
