using TraceLab.Ingest.Text;

namespace TraceLab.Ingest.Events;

/// <summary>
/// Key-driven field extraction from a payload: <c>Hex("rip "u8)</c> finds the key after the current position and
/// parses the value behind it. Payloads are short (under 200 bytes), so a vectorised IndexOf per field is cheap and
/// keeps each decoder a readable transcription of the kernel's print format.
/// </summary>
internal ref struct PayloadReader
{
    private readonly ReadOnlySpan<byte> _payload;
    private int _pos;

    public PayloadReader(ReadOnlySpan<byte> payload)
    {
        _payload = payload;
        _pos = 0;
    }

    public readonly int Position => _pos;

    public readonly ReadOnlySpan<byte> Rest => _payload[_pos..];

    public readonly bool AtEnd => _pos >= _payload.Length;

    /// <summary>Moves past <paramref name="key"/> if the rest starts with it (after blanks).</summary>
    public bool TryConsume(ReadOnlySpan<byte> key)
    {
        int p = _pos;
        ReadOnlySpan<byte> payload = _payload;
        while ((uint)p < (uint)payload.Length && payload[p] == (byte)' ')
        {
            p++;
        }

        if (payload.Length - p >= key.Length && payload.Slice(p, key.Length).SequenceEqual(key))
        {
            _pos = p + key.Length;
            return true;
        }

        return false;
    }

    /// <summary>Moves past the next occurrence of <paramref name="key"/>; false (position unchanged) when absent.</summary>
    public bool Seek(ReadOnlySpan<byte> key)
    {
        int rel = _payload[_pos..].IndexOf(key);
        if (rel < 0)
        {
            return false;
        }

        _pos += rel + key.Length;
        return true;
    }

    /// <summary>
    /// Finds <paramref name="key"/> and parses hex (with or without 0x) after it. Fields usually follow each other in
    /// print-format order, so the key is first tried right at the current position (a short compare) before a search.
    /// </summary>
    public bool Hex(ReadOnlySpan<byte> key, out long value)
    {
        value = 0;
        if (!TryConsume(key) && !Seek(key))
        {
            return false;
        }

        return ReadHex(out value);
    }

    /// <summary>Finds <paramref name="key"/> (at the current position first) and parses a decimal after it.</summary>
    public bool Dec(ReadOnlySpan<byte> key, out long value)
    {
        value = 0;
        if (!TryConsume(key) && !Seek(key))
        {
            return false;
        }

        return ReadDec(out value);
    }

    /// <summary>Parses hex at the current position (blanks skipped).</summary>
    public bool ReadHex(out long value)
    {
        SkipBlanks();
        int n = AsciiNumber.ParseHex(_payload[_pos..], out ulong v);
        value = (long)v;
        _pos += n;
        return n > 0;
    }

    /// <summary>Parses a signed decimal at the current position (blanks skipped).</summary>
    public bool ReadDec(out long value)
    {
        SkipBlanks();
        int n = AsciiNumber.ParseSignedDecimal(_payload[_pos..], out value);
        _pos += n;
        return n > 0;
    }

    /// <summary>Parses <c>0x</c> hex as hex and anything else as decimal.</summary>
    public bool ReadAuto(out long value)
    {
        SkipBlanks();
        int n = AsciiNumber.ParseAuto(_payload[_pos..], out ulong v);
        value = (long)v;
        _pos += n;
        return n > 0;
    }

    public void SkipBlanks()
    {
        while (_pos < _payload.Length && _payload[_pos] == (byte)' ')
        {
            _pos++;
        }
    }
}
