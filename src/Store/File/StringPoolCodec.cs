using System.Collections.Immutable;
using System.Text;
using TraceLab.Store.Encoding;

namespace TraceLab.Store;

/// <summary>
/// A string pool's bytes: <c>varint count</c>, <c>count</c> varint UTF-8 byte lengths, then the UTF-8 bytes of all
/// strings back to back. Lengths first keeps the decoder a simple two-cursor loop.
/// </summary>
internal static class StringPoolCodec
{
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static void Write(IReadOnlyList<string> values, ByteBuffer output)
    {
        output.WriteVarInt((ulong)values.Count);
        foreach (string value in values)
        {
            output.WriteVarInt((ulong)ByteBuffer.Utf8Length(value));
        }

        foreach (string value in values)
        {
            output.WriteUtf8(value);
        }
    }

    /// <summary>Decodes a pool; null when the bytes are not a valid pool.</summary>
    public static ImmutableArray<string>? TryRead(ReadOnlySpan<byte> data)
    {
        int position = 0;

        // Every string needs at least its one-byte length, which bounds the count before anything is allocated.
        if (!VarInt.TryRead(data, ref position, out ulong count) || count > (ulong)(data.Length - position))
        {
            return null;
        }

        var lengths = new int[(int)count];
        long total = 0;
        for (int i = 0; i < lengths.Length; i++)
        {
            if (!VarInt.TryRead(data, ref position, out ulong length) || length > (ulong)data.Length)
            {
                return null;
            }

            lengths[i] = (int)length;
            total += (long)length;
        }

        if (total != data.Length - position)
        {
            return null;
        }

        var builder = ImmutableArray.CreateBuilder<string>(lengths.Length);
        try
        {
            foreach (int length in lengths)
            {
                builder.Add(s_strictUtf8.GetString(data.Slice(position, length)));
                position += length;
            }
        }
        catch (DecoderFallbackException)
        {
            return null;
        }

        return builder.MoveToImmutable();
    }
}
