using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace TraceLab.Store.Encoding;

/// <summary>
/// Encodes one column chunk in the smallest of the <see cref="ColumnEncoding"/>s, paying for exact work only where an
/// encoding may win. A full review of a chunk goes: one pass over the values gives the block ranges of the
/// frame-of-reference and delta streams (<see cref="BlockScan"/>); each stream's size is estimated from a sample of
/// its blocks, patched blocks and common factor included (<see cref="PackedBlockPlan.Estimate"/>); the dictionary is
/// measured when the others need more than about a bit per value and a 1,024-row sample suggests it pays
/// (<see cref="DictionaryCandidate"/>); then the candidates whose estimate comes near the best exact size so far are
/// planned and written block by block into staging buffers, each stopping as soon as it passes the best. A chunk
/// holding the "none" value -1 among others is also measured as a null bitmap plus the best encoding of its other
/// values. With a <see cref="ColumnHistory"/>, most chunks skip the review and are written straight in the winner of
/// the column's last one. The winner is copied to <see cref="Payload"/>. Reuses its buffers between chunks; not
/// thread-safe.
/// </summary>
internal sealed class ColumnEncoder
{
    /// <summary>The null layer is only measured when at least one row in this many is -1.</summary>
    private const int MinNullShare = 256;

    /// <summary>An estimate more than 1/this above the best exact size is not planned exactly.</summary>
    private const int EstimateMargin = 16;

    private readonly PackedBlockPlan _valuePlan = new();
    private readonly PackedBlockPlan _deltaPlan = new();
    private readonly DictionaryCandidate _dictionary = new();
    private readonly bool _allowNullMask;
    private byte[] _output = new byte[4096];
    private int _length;

    // Where the packed candidates are written while they are measured (the dictionary has its own); the winner is
    // copied to _output.
    private byte[] _frameBytes = [];
    private byte[] _deltaBytes = [];

    // The null layer: the non-null values and a second encoder for them (its own plans, so the full column's
    // measurements survive for writing when the layer does not pay).
    private ColumnEncoder? _inner;
    private long[] _present = [];
    private int _presentCount;
    private byte[] _bitmap = [];

    public ColumnEncoder()
        : this(allowNullMask: true)
    {
    }

    private ColumnEncoder(bool allowNullMask) => _allowNullMask = allowNullMask;

    /// <summary>The bytes of the chunk encoded last.</summary>
    public ReadOnlySpan<byte> Payload => _output.AsSpan(0, _length);

    /// <summary>
    /// Encodes <paramref name="values"/> (at least one) into <see cref="Payload"/>. With the column's
    /// <paramref name="history"/>, a chunk may be written straight in the encoding earlier chunks chose (see
    /// <see cref="ColumnHistory"/>); without it, every candidate is measured.
    /// </summary>
    public EncodedColumn Encode(ReadOnlySpan<long> values, ColumnHistory? history = null)
    {
        int n = values.Length;
        ArgumentOutOfRangeException.ThrowIfZero(n);
        if (history is { CanRepeat: true } && TryRepeat(values, history, out EncodedColumn repeated))
        {
            return repeated;
        }

        EncodingChoice choice = Choose(values);
        long min = _valuePlan.Min, max = _valuePlan.Max;
        if (_allowNullMask && TryChooseNullMask(values, choice.Size, history?.Inner, out EncodingChoice inner, out long nullSize))
        {
            history?.Reviewed(ColumnEncoding.NullMasked, default, nullSize, n, min, max);
            return WriteNullMasked(n, inner, nullSize, min, max);
        }

        history?.Reviewed(choice.Encoding, ParametersOf(choice.Encoding), choice.Size, n, min, max);
        EnsureOutput(choice.Size);
        return Finish(choice.Encoding, min, max, Write(choice, values, _output), choice.Size);
    }

    /// <summary>
    /// Writes the chunk in the encoding of the column's last review, with its factor and patch widths, measuring
    /// nothing else; false (nothing written) when that fails or comes out too large, and the chunk needs a review.
    /// </summary>
    private bool TryRepeat(ReadOnlySpan<long> values, ColumnHistory history, out EncodedColumn encoded)
    {
        int n = values.Length;
        encoded = default;
        if (history.Winner == ColumnEncoding.NullMasked)
        {
            _valuePlan.MeasureRanges(values);
            int nulls = NullMask.CountNulls(values);
            if (!_allowNullMask || nulls == 0 || nulls == n)
            {
                return false;
            }

            int present = SplitNulls(values, nulls);
            EncodingChoice inner = _inner!.ChooseAgain(_present.AsSpan(0, present), history.Inner);
            long size = 1L + NullMask.Length(n) + inner.Size;
            if (!history.Repeated(size, n))
            {
                return false;
            }

            encoded = WriteNullMasked(n, inner, size, _valuePlan.Min, _valuePlan.Max);
            return true;
        }

        if (Repeat(values, history, out long min, out long max) is not { } choice || !history.Repeated(choice.Size, n))
        {
            return false;
        }

        EnsureOutput(choice.Size);
        encoded = Finish(choice.Encoding, min, max, Write(choice, values, _output), choice.Size);
        return true;
    }

    /// <summary>The inner encoder's choice for the values that are not null: repeated when it may, else reviewed.</summary>
    private EncodingChoice ChooseAgain(ReadOnlySpan<long> values, ColumnHistory history)
    {
        if (history.CanRepeat && Repeat(values, history, out _, out _) is { } repeated && history.Repeated(repeated.Size, values.Length))
        {
            return repeated;
        }

        return ChooseReviewed(values, history);
    }

    /// <summary>Measures every candidate (<see cref="Choose"/>) and records the outcome in <paramref name="history"/>.</summary>
    private EncodingChoice ChooseReviewed(ReadOnlySpan<long> values, ColumnHistory? history)
    {
        EncodingChoice choice = Choose(values);
        history?.Reviewed(choice.Encoding, ParametersOf(choice.Encoding), choice.Size, values.Length, _valuePlan.Min, _valuePlan.Max);
        return choice;
    }

    /// <summary>
    /// Writes the chunk to a staging buffer in the encoding of <paramref name="history"/>, with its parameters (or
    /// returns Constant for a constant chunk), and gives the chunk's extremes; null when the encoding cannot take it
    /// (a dictionary overflows, a packed stream would not beat Raw) or has nothing to repeat (a constant column that
    /// is no longer constant). Each value is read from memory once where it can be: the packed streams take their
    /// block ranges while they are written, and a dictionary of wide values needs no extremes first.
    /// </summary>
    private EncodingChoice? Repeat(ReadOnlySpan<long> values, ColumnHistory history, out long min, out long max)
    {
        int n = values.Length;
        long rawSize = 8L * n;
        var raw = new EncodingCandidate(new EncodingChoice(ColumnEncoding.Raw, rawSize), rawSize - (rawSize / 32));
        EncodingCandidate best = raw;
        bool extremesKnown = true;
        switch (history.Winner)
        {
            case ColumnEncoding.FrameOfReference:
                _valuePlan.StartRanges(n, out _, out _);
                _valuePlan.Reuse(history.Parameters);
                best = WriteFrameOfReference(values, best, measure: true);
                (min, max) = (_valuePlan.Min, _valuePlan.Max);
                extremesKnown = best.Choice.Encoding == ColumnEncoding.FrameOfReference;
                break;
            case ColumnEncoding.Delta:
                // The values' extremes then come from a pass over values still in cache.
                _deltaPlan.StartRanges(n - 1, out _, out _);
                _deltaPlan.Reuse(history.Parameters);
                best = WriteDelta(values, best, measure: true);
                _valuePlan.MeasureRanges(values);
                (min, max) = (_valuePlan.Min, _valuePlan.Max);
                break;
            case ColumnEncoding.Dictionary when history.WideValues:
                best = best.Or(new EncodingChoice(ColumnEncoding.Dictionary, _dictionary.MeasureWide(values, raw.Score, history.Parameters)));
                (min, max) = (_dictionary.Min, _dictionary.Max);
                extremesKnown = best.Choice.Encoding == ColumnEncoding.Dictionary;
                break;
            case ColumnEncoding.Dictionary:
                // A narrow range indexes a table directly, which needs the extremes first.
                _valuePlan.MeasureRanges(values);
                (min, max) = (_valuePlan.Min, _valuePlan.Max);
                if (min != max)
                {
                    best = best.Or(new EncodingChoice(ColumnEncoding.Dictionary, _dictionary.Measure(values, min, max, raw.Score, raw.Score, history.Parameters)));
                }

                break;
            default:
                _valuePlan.MeasureRanges(values);
                (min, max) = (_valuePlan.Min, _valuePlan.Max);
                break;
        }

        // A constant chunk is what a review would choose too, whatever the column chose before. (The extremes are not
        // known when a stream gave up, and then the review measures again.)
        if (extremesKnown && min == max)
        {
            return new EncodingChoice(ColumnEncoding.Constant, 8);
        }

        return best.Choice.Encoding == history.Winner ? best.Choice : null;
    }

    /// <summary>
    /// Measures the candidates for <paramref name="values"/> and returns the winner; a packed winner is already
    /// written to its staging buffer, for <see cref="Write"/> to copy. Only encodings whose estimate comes near the
    /// best exact size so far are planned exactly (most columns have one clear winner, and exact planning of patched
    /// blocks is the expensive part). Candidates in order of preference on equal size: the simplest decode wins ties.
    /// </summary>
    private EncodingChoice Choose(ReadOnlySpan<long> values)
    {
        int n = values.Length;
        BlockScan.Scan(values, _valuePlan, _deltaPlan);
        if (_valuePlan.Min == _valuePlan.Max)
        {
            return new EncodingChoice(ColumnEncoding.Constant, 8);
        }

        // Raw decodes as a plain copy, so it wins unless another encoding saves at least 1/32 (57- to 63-bit values
        // would otherwise pack for a 2 % saving and decode at half speed).
        long rawSize = 8L * n;
        var best = new EncodingCandidate(new EncodingChoice(ColumnEncoding.Raw, rawSize), rawSize - (rawSize / 32));
        long forEstimate = _valuePlan.Estimate(new ValueBlocks(values));
        long deltaEstimate = 8 + _deltaPlan.Estimate(new DeltaBlocks(values));
        long estimate = Math.Min(best.Score, Math.Min(forEstimate, deltaEstimate));

        // A dictionary only pays when the others spend more than about a bit per value. It is measured before the
        // exact plans: where it wins (wide values that repeat), they are then skipped or stopped early. Its ids may
        // run a margin past the estimate, so that the exact plans of the others decide a close call.
        if (estimate > (n / 8) + 64)
        {
            long size = _dictionary.Measure(values, _valuePlan.Min, _valuePlan.Max, estimate, estimate + (estimate / EstimateMargin));
            best = best.Or(new EncodingChoice(ColumnEncoding.Dictionary, size));
        }

        if (forEstimate <= deltaEstimate)
        {
            best = Hopeless(forEstimate, best) ? best : WriteFrameOfReference(values, best);
            best = Hopeless(deltaEstimate, best) ? best : WriteDelta(values, best);
        }
        else
        {
            best = Hopeless(deltaEstimate, best) ? best : WriteDelta(values, best);
            best = Hopeless(forEstimate, best) ? best : WriteFrameOfReference(values, best);
        }

        return best.Choice;
    }

    /// <summary>
    /// Plans and writes the frame-of-reference stream to its staging buffer, with the parameters its plan holds, and
    /// returns it if it beats <paramref name="best"/>; stops as soon as it cannot.
    /// </summary>
    private EncodingCandidate WriteFrameOfReference(ReadOnlySpan<long> values, EncodingCandidate best, bool measure = false)
    {
        Span<byte> destination = Stage(ref _frameBytes, _valuePlan.Capacity(best.Score));
        var source = new ValueBlocks(values);
        int written;
        bool complete = measure
            ? _valuePlan.MeasureAndWrite(source, best.Score, destination, out written)
            : _valuePlan.WriteExact(source, best.Score, destination, out written);
        return complete ? best.Or(new EncodingChoice(ColumnEncoding.FrameOfReference, written)) : best;
    }

    /// <summary>The same for the first value and the delta stream.</summary>
    private EncodingCandidate WriteDelta(ReadOnlySpan<long> values, EncodingCandidate best, bool measure = false)
    {
        Span<byte> destination = Stage(ref _deltaBytes, 8 + _deltaPlan.Capacity(best.Score - 8));
        BinaryPrimitives.WriteInt64LittleEndian(destination, values[0]);
        var source = new DeltaBlocks(values);
        int written;
        bool complete = measure
            ? _deltaPlan.MeasureAndWrite(source, best.Score - 8, destination[8..], out written)
            : _deltaPlan.WriteExact(source, best.Score - 8, destination[8..], out written);
        return complete ? best.Or(new EncodingChoice(ColumnEncoding.Delta, 8L + written)) : best;
    }

    /// <summary>The parameters of the packed stream an encoding writes (the ids' for a dictionary), for <see cref="ColumnHistory"/>.</summary>
    private PackedStreamParameters ParametersOf(ColumnEncoding encoding) => encoding switch
    {
        ColumnEncoding.FrameOfReference => _valuePlan.Parameters,
        ColumnEncoding.Delta => _deltaPlan.Parameters,
        ColumnEncoding.Dictionary => _dictionary.IdParameters,
        _ => default,
    };

    /// <summary>
    /// True when an estimate is so far above the best exact size that planning it exactly is not worth it. The margin
    /// covers the sample's error: blocks differ, and a few dozen of them stand for the rest.
    /// </summary>
    private static bool Hopeless(long estimate, EncodingCandidate best) => estimate > best.Score + (best.Score / EstimateMargin);

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
                return Copy(_frameBytes, choice.Size, destination);
            case ColumnEncoding.Delta:
                return Copy(_deltaBytes, choice.Size, destination);
            case ColumnEncoding.Dictionary:
                return _dictionary.CopyTo(choice.Size, destination);
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
    /// values beats <paramref name="best"/>. The bitmap and the other values are then in <c>_bitmap</c> and
    /// <c>_present</c>, and the inner encoder has staged <paramref name="inner"/> for them; <paramref name="size"/> is
    /// the whole chunk's size that way.
    /// </summary>
    private bool TryChooseNullMask(ReadOnlySpan<long> values, long best, ColumnHistory? innerHistory, out EncodingChoice inner, out long size)
    {
        inner = default;
        size = long.MaxValue;
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

        int present = SplitNulls(values, nulls);
        inner = _inner!.ChooseReviewed(_present.AsSpan(0, present), innerHistory);
        size = 1L + bitmap + inner.Size;
        return size < best;
    }

    /// <summary>
    /// Writes the bitmap of <paramref name="values"/>, which hold <paramref name="nulls"/> nulls, to <c>_bitmap</c>
    /// and the values that are not null to <c>_present</c>; returns their number.
    /// </summary>
    private int SplitNulls(ReadOnlySpan<long> values, int nulls)
    {
        int n = values.Length;
        if (_present.Length < n)
        {
            _present = new long[Math.Max(n, 1024)];
            _bitmap = new byte[NullMask.Length(_present.Length)];
        }

        _inner ??= new ColumnEncoder(allowNullMask: false);
        NullMask.Split(values, _bitmap.AsSpan(0, NullMask.Length(n)), _present.AsSpan(0, n));
        _presentCount = n - nulls;
        return _presentCount;
    }

    private EncodedColumn WriteNullMasked(int n, EncodingChoice inner, long size, long min, long max)
    {
        int bitmap = NullMask.Length(n);
        EnsureOutput(size);
        _output[0] = (byte)inner.Encoding;
        _bitmap.AsSpan(0, bitmap).CopyTo(_output.AsSpan(1));
        int written = 1 + bitmap + _inner!.Write(inner, _present.AsSpan(0, _presentCount), _output.AsSpan(1 + bitmap));
        return Finish(ColumnEncoding.NullMasked, min, max, written, size);
    }

    private static int Copy(byte[] staged, long size, Span<byte> destination)
    {
        staged.AsSpan(0, (int)size).CopyTo(destination);
        return (int)size;
    }

    /// <summary>A staging buffer of at least <paramref name="capacity"/> bytes.</summary>
    private static Span<byte> Stage(ref byte[] buffer, int capacity)
    {
        if (buffer.Length < capacity)
        {
            buffer = new byte[Math.Max(capacity, buffer.Length * 2)];
        }

        return buffer;
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
