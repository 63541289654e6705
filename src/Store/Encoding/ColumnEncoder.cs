using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TraceLab.Store.Encoding;

/// <summary>
/// Encodes one column chunk in the smallest of the <see cref="ColumnEncoding"/>s. Every candidate's exact size is
/// measured before anything is written: frame of reference and delta from one pass each over per-block minima and
/// maxima (with patched blocks where exceptions pay), a common-factor search for whichever of the two is winning, and
/// the dictionary only when the others need more than about a bit per value and a 1,024-row sample suggests it pays.
/// A chunk holding the "none" value -1 among others is also measured as a null bitmap plus the best encoding of its
/// other values. Then only the winner is written. Reuses its buffers between chunks; not thread-safe.
/// </summary>
internal sealed class ColumnEncoder
{
    private const int SampleRows = 1024;

    /// <summary>The null layer is only measured when at least one row in this many is -1.</summary>
    private const int MinNullShare = 256;

    private readonly PackedBlockPlan _valuePlan = new();
    private readonly PackedBlockPlan _deltaPlan = new();
    private readonly PackedBlockPlan _idPlan = new();
    private readonly PackedBlockPlan _dictionaryPlan = new();
    private readonly DistinctValueSet _distinct = new();
    private readonly bool _allowNullMask;
    private long[] _deltas = [];
    private long[] _ids = [];
    private readonly long[] _dictionary = new long[DistinctValueSet.MaxCount];
    private readonly long[] _dictionaryDeltas = new long[DistinctValueSet.MaxCount];
    private byte[] _output = new byte[4096];
    private int _length;

    // The null layer: the non-null values and a second encoder for them (its own plans, so the full column's
    // measurements survive for writing when the layer does not pay).
    private ColumnEncoder? _inner;
    private long[] _present = [];
    private byte[] _bitmap = [];

    public ColumnEncoder()
        : this(allowNullMask: true)
    {
    }

    private ColumnEncoder(bool allowNullMask) => _allowNullMask = allowNullMask;

    /// <summary>The bytes of the chunk encoded last.</summary>
    public ReadOnlySpan<byte> Payload => _output.AsSpan(0, _length);

    /// <summary>Encodes <paramref name="values"/> (at least one) into <see cref="Payload"/>.</summary>
    public EncodedColumn Encode(ReadOnlySpan<long> values)
    {
        int n = values.Length;
        ArgumentOutOfRangeException.ThrowIfZero(n);

        EncodingChoice choice = Choose(values);
        long min = _valuePlan.Min, max = _valuePlan.Max;
        if (_allowNullMask && TryChooseNullMask(values, choice.Size, out EncodingChoice inner, out int present))
        {
            int bitmap = NullMask.Length(n);
            long size = 1L + bitmap + inner.Size;
            EnsureOutput(size);
            _output[0] = (byte)inner.Encoding;
            _bitmap.AsSpan(0, bitmap).CopyTo(_output.AsSpan(1));
            int written = 1 + bitmap + _inner!.Write(inner, _present.AsSpan(0, present), _output.AsSpan(1 + bitmap));
            return Finish(ColumnEncoding.NullMasked, min, max, written, size);
        }

        EnsureOutput(choice.Size);
        return Finish(choice.Encoding, min, max, Write(choice, values, _output), choice.Size);
    }

    /// <summary>
    /// Measures every candidate for <paramref name="values"/> and returns the winner; the plans stay ready for
    /// <see cref="Write"/>. Candidates in order of preference on equal size: the simplest decode wins ties.
    /// </summary>
    private EncodingChoice Choose(ReadOnlySpan<long> values)
    {
        int n = values.Length;
        _valuePlan.Measure(values);
        if (_valuePlan.Min == _valuePlan.Max)
        {
            return new EncodingChoice(ColumnEncoding.Constant, 8);
        }

        long rawSize = 8L * n;
        long deltaSize = MeasureDelta(values);
        if (_valuePlan.Size <= deltaSize)
        {
            _valuePlan.TryCommonFactor(values);
        }
        else
        {
            _deltaPlan.TryCommonFactor(_deltas.AsSpan(0, n - 1));
            deltaSize = 8L + _deltaPlan.Size;
        }

        long forSize = _valuePlan.Size;

        // Raw decodes as a plain copy, so it wins unless another encoding saves at least 1/32 (57- to 63-bit values
        // would otherwise pack for a 2 % saving and decode at half speed).
        long rawScore = rawSize - (rawSize / 32);
        long best = Math.Min(rawScore, Math.Min(forSize, deltaSize));
        long dictionarySize = long.MaxValue;
        int distinct = -1;

        // A dictionary only pays when the others spend more than about a bit per value; past n/2 distinct values the
        // dictionary itself costs more than the ids save.
        if (best > (n / 8) + 64)
        {
            (distinct, dictionarySize) = MeasureDictionary(values, (int)Math.Min(best, int.MaxValue));
        }

        if (forSize <= deltaSize && forSize <= dictionarySize && forSize < rawScore)
        {
            return new EncodingChoice(ColumnEncoding.FrameOfReference, forSize);
        }

        if (deltaSize <= dictionarySize && deltaSize < rawScore)
        {
            return new EncodingChoice(ColumnEncoding.Delta, deltaSize);
        }

        return dictionarySize < rawScore
            ? new EncodingChoice(ColumnEncoding.Dictionary, dictionarySize, distinct)
            : new EncodingChoice(ColumnEncoding.Raw, rawSize);
    }

    /// <summary>Writes what <see cref="Choose"/> chose for the same values; returns the bytes written.</summary>
    private int Write(EncodingChoice choice, ReadOnlySpan<long> values, Span<byte> destination)
    {
        int n = values.Length;
        switch (choice.Encoding)
        {
            case ColumnEncoding.Constant:
                BinaryPrimitives.WriteInt64LittleEndian(destination, values[0]);
                return 8;
            case ColumnEncoding.FrameOfReference:
                return _valuePlan.Write(values, destination);
            case ColumnEncoding.Delta:
                BinaryPrimitives.WriteInt64LittleEndian(destination, values[0]);
                return 8 + _deltaPlan.Write(_deltas.AsSpan(0, n - 1), destination[8..]);
            case ColumnEncoding.Dictionary:
                return WriteDictionary(n, choice.Distinct, destination);
            default:
                if (BitConverter.IsLittleEndian)
                {
                    MemoryMarshal.AsBytes(values).CopyTo(destination);
                }
                else
                {
                    for (int i = 0; i < n; i++)
                    {
                        BinaryPrimitives.WriteInt64LittleEndian(destination.Slice(i * 8, 8), values[i]);
                    }
                }

                return 8 * n;
        }
    }

    /// <summary>
    /// True when the chunk holds both -1 and other values and a validity bitmap plus the best encoding of the other
    /// values beats <paramref name="best"/>. The bitmap and the <paramref name="present"/> other values are then in
    /// <c>_bitmap</c> and <c>_present</c>, and the inner encoder holds the plan for them.
    /// </summary>
    private bool TryChooseNullMask(ReadOnlySpan<long> values, long best, out EncodingChoice inner, out int present)
    {
        inner = default;
        present = 0;
        int n = values.Length;
        int bitmap = NullMask.Length(n);
        if (_valuePlan.Min > NullMask.Null || _valuePlan.Max < NullMask.Null || _valuePlan.Min == _valuePlan.Max ||
            1L + bitmap >= best)
        {
            return false;
        }

        // The bitmap costs a bit per row whatever it holds. Below one null in MinNullShare rows, patched exceptions
        // cost less than that (two for the swing of a delta, each a few bytes), so measuring again would not pay.
        int nulls = NullMask.CountNulls(values);
        if (nulls == 0 || (long)nulls * MinNullShare < n)
        {
            return false;
        }

        if (_present.Length < n)
        {
            _present = new long[Math.Max(n, 1024)];
            _bitmap = new byte[NullMask.Length(_present.Length)];
        }

        present = n - nulls;
        NullMask.Split(values, _bitmap.AsSpan(0, bitmap), _present.AsSpan(0, n));
        _inner ??= new ColumnEncoder(allowNullMask: false);
        inner = _inner.Choose(_present.AsSpan(0, present));
        return 1L + bitmap + inner.Size < best;
    }

    private long MeasureDelta(ReadOnlySpan<long> values)
    {
        int n = values.Length;
        if (_deltas.Length < n)
        {
            _deltas = new long[Math.Max(n, 1024)];
        }

        Span<long> deltas = _deltas.AsSpan(0, n - 1);
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref long source = ref MemoryMarshal.GetReference(values);
            ref long target = ref MemoryMarshal.GetReference(deltas);
            for (; i + 4 <= deltas.Length; i += 4)
            {
                (Vector256.LoadUnsafe(ref source, (nuint)(i + 1)) - Vector256.LoadUnsafe(ref source, (nuint)i)).StoreUnsafe(ref target, (nuint)i);
            }
        }

        for (; i < deltas.Length; i++)
        {
            deltas[i] = unchecked(values[i + 1] - values[i]);
        }

        _deltaPlan.Measure(deltas);
        return 8L + _deltaPlan.Size;
    }

    /// <summary>Returns the distinct count and the dictionary encoding's size, or (-1, long.MaxValue) when it cannot win.</summary>
    private (int Distinct, long Size) MeasureDictionary(ReadOnlySpan<long> values, int best)
    {
        int n = values.Length;
        if (_ids.Length < n)
        {
            _ids = new long[Math.Max(n, 1024)];
        }

        if (!DictionaryLooksPromising(values, best))
        {
            return (-1, long.MaxValue);
        }

        int distinct = _distinct.TryBuild(values, _valuePlan.Min, _valuePlan.Max, n / 2, _ids.AsSpan(0, n), _dictionary);
        if (distinct < 0)
        {
            return (-1, long.MaxValue);
        }

        for (int k = 0; k + 1 < distinct; k++)
        {
            _dictionaryDeltas[k] = unchecked(_dictionary[k + 1] - _dictionary[k]);
        }

        _dictionaryPlan.Measure(_dictionaryDeltas.AsSpan(0, distinct - 1));
        _dictionaryPlan.TryCommonFactor(_dictionaryDeltas.AsSpan(0, distinct - 1));
        long headerSize = VarInt.Length((ulong)distinct) + 8L + _dictionaryPlan.Size;
        if (headerSize >= best)
        {
            return (-1, long.MaxValue);
        }

        _idPlan.Measure(_ids.AsSpan(0, n));
        return (distinct, headerSize + _idPlan.Size);
    }

    /// <summary>
    /// Builds the dictionary of the first <see cref="SampleRows"/> rows only and says whether their ids are clearly
    /// narrower than the best other encoding's average. Failed full attempts cost several ns per value; a sample
    /// costs a few µs per chunk, and most columns (cpu, kind, timestamps) fail it. Small chunks skip the check.
    /// </summary>
    private bool DictionaryLooksPromising(ReadOnlySpan<long> values, long best)
    {
        if (values.Length < 4 * SampleRows)
        {
            return true;
        }

        Span<long> ids = _ids.AsSpan(0, SampleRows);
        if (_distinct.TryBuild(values[..SampleRows], _valuePlan.Min, _valuePlan.Max, SampleRows / 2, ids, _dictionary) < 0)
        {
            return false;
        }

        _idPlan.Measure(ids);
        double sampleIdBits = _idPlan.Size * 8.0 / SampleRows;
        double bestBits = best * 8.0 / values.Length;
        return sampleIdBits < bestBits * 0.9;
    }

    private int WriteDictionary(int n, int distinct, Span<byte> destination)
    {
        int position = 0;
        VarInt.Write(destination, ref position, (ulong)distinct);
        BinaryPrimitives.WriteInt64LittleEndian(destination.Slice(position, 8), _dictionary[0]);
        position += 8;
        position += _dictionaryPlan.Write(_dictionaryDeltas.AsSpan(0, distinct - 1), destination[position..]);
        position += _idPlan.Write(_ids.AsSpan(0, n), destination[position..]);
        return position;
    }

    private void EnsureOutput(long size)
    {
        // 8 bytes of slack let the packer store whole words up to the very end.
        size += 8;
        if (_output.Length < size)
        {
            _output = new byte[Math.Max(size, _output.Length * 2L)];
        }
    }

    private EncodedColumn Finish(ColumnEncoding encoding, long min, long max, int written, long measured)
    {
        // A mismatch would put a wrong length in the footer; fail the write instead of producing a corrupt store.
        if (written != measured)
        {
            throw new InvalidOperationException($"Internal error: {encoding} chunk measured {measured} bytes but wrote {written}.");
        }

        _length = written;
        return new EncodedColumn(encoding, min, max, written);
    }
}
