using System.Buffers;
using System.Buffers.Text;
using System.Numerics;

namespace TraceLab.Synth.Text;

/// <summary>
/// Formats straight into a pooled byte buffer and flushes it to a stream in large writes. Every line is built in place
/// (no string per line); callers reserve room once per line with <see cref="EnsureRoom"/> so the primitives skip bounds
/// bookkeeping beyond the array's own checks.
/// </summary>
internal sealed class Utf8Sink : IDisposable
{
    private const int BufferSize = 1 << 20;
    private static ReadOnlySpan<byte> HexDigits => "0123456789abcdef"u8;

    private readonly Stream? _output;
    private byte[] _buffer;
    private int _pos;

    /// <param name="output">Where flushed bytes go; null counts bytes without keeping them (calibration runs).</param>
    public Utf8Sink(Stream? output)
    {
        _output = output;
        _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
    }

    /// <summary>Bytes produced so far, flushed or not.</summary>
    public long BytesWritten { get; private set; }

    public void EnsureRoom(int bytes)
    {
        if (_buffer.Length - _pos < bytes)
        {
            Flush();
        }
    }

    public void Flush()
    {
        _output?.Write(_buffer, 0, _pos);
        BytesWritten += _pos;
        _pos = 0;
    }

    /// <summary>Bytes written so far including the unflushed tail.</summary>
    public long Position => BytesWritten + _pos;

    public void Byte(byte b) => _buffer[_pos++] = b;

    public void Ascii(ReadOnlySpan<byte> text)
    {
        text.CopyTo(_buffer.AsSpan(_pos));
        _pos += text.Length;
    }

    public void Spaces(int count)
    {
        if (count > 0)
        {
            _buffer.AsSpan(_pos, count).Fill((byte)' ');
            _pos += count;
        }
    }

    public void Dec(ulong value)
    {
        Utf8Formatter.TryFormat(value, _buffer.AsSpan(_pos), out int written);
        _pos += written;
    }

    public void Dec(long value)
    {
        Utf8Formatter.TryFormat(value, _buffer.AsSpan(_pos), out int written);
        _pos += written;
    }

    /// <summary><c>%*d</c>: right-aligned in <paramref name="width"/> columns.</summary>
    public void DecRight(long value, int width)
    {
        Span<byte> tmp = stackalloc byte[24];
        Utf8Formatter.TryFormat(value, tmp, out int written);
        Spaces(width - written);
        Ascii(tmp[..written]);
    }

    /// <summary><c>%-*d</c>: left-aligned, padded with spaces to <paramref name="width"/> columns.</summary>
    public void DecLeft(long value, int width)
    {
        int start = _pos;
        Dec(value);
        Spaces(width - (_pos - start));
    }

    /// <summary><c>%0*d</c> for non-negative values.</summary>
    public void DecZero(ulong value, int width)
    {
        for (int i = width - 1; i >= 0; i--)
        {
            _buffer[_pos + i] = (byte)('0' + (int)(value % 10));
            value /= 10;
        }

        _pos += width;
    }

    /// <summary><c>%llx</c>: lower-case hex, no prefix, no padding.</summary>
    public void Hex(ulong value) => HexZero(value, 1);

    /// <summary><c>%0*llx</c>: lower-case hex zero-padded to at least <paramref name="width"/> digits.</summary>
    public void HexZero(ulong value, int width)
    {
        int digits = value == 0 ? 1 : (67 - BitOperations.LeadingZeroCount(value)) >> 2;
        if (digits < width)
        {
            digits = width;
        }

        for (int i = digits - 1; i >= 0; i--)
        {
            _buffer[_pos + i] = HexDigits[(int)(value & 0xF)];
            value >>= 4;
        }

        _pos += digits;
    }

    /// <summary><c>0x%llx</c>.</summary>
    public void Hex0x(ulong value)
    {
        Byte((byte)'0');
        Byte((byte)'x');
        HexZero(value, 1);
    }

    public void NewLine() => _buffer[_pos++] = (byte)'\n';

    public void Dispose()
    {
        if (_buffer.Length != 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }
}
