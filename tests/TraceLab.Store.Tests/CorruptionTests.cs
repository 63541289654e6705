using System.Buffers.Binary;
using TraceLab.Store.Encoding;

namespace TraceLab.Store.Tests;

/// <summary>
/// Damaged files: every outcome must be either the exact original data or a <see cref="StoreFormatException"/>;
/// never another exception, never wrong values.
/// </summary>
public sealed class CorruptionTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly string _original;
    private readonly byte[] _bytes;
    private readonly List<ColumnBatch> _events;
    private readonly List<ColumnBatch> _small;

    public CorruptionTests()
    {
        _original = _dir.File("original.tlab");
        (_events, _small) = TestStores.WriteMixed(_original);
        _bytes = File.ReadAllBytes(_original);
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Truncation_at_any_offset_is_reported()
    {
        // Every length in the header and in the last 400 bytes (trailer, footer), a seeded sample in between.
        string path = _dir.File("cut.tlab");
        var random = new Random(5);
        IEnumerable<int> lengths = Enumerable.Range(0, 40)
            .Concat(Enumerable.Range(_bytes.Length - 400, 400))
            .Concat(Enumerable.Range(0, 300).Select(_ => random.Next(_bytes.Length)));
        foreach (int length in lengths)
        {
            File.WriteAllBytes(path, _bytes[..length]);
            var e = Assert.Throws<StoreFormatException>(() => StoreReader.Open(path).Dispose());
            Assert.Contains(path, e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Byte_flips_in_header_trailer_and_footer_are_caught()
    {
        // Every byte of header and trailer, every third byte of the footer (its names and docs are most of it).
        long footerOffset = BinaryPrimitives.ReadInt64LittleEndian(_bytes.AsSpan(_bytes.Length - 32));
        IEnumerable<int> offsets = Enumerable.Range(0, 32)
            .Concat(Enumerable.Range((int)footerOffset, _bytes.Length - (int)footerOffset).Where(o => o % 3 == 0 || o >= _bytes.Length - 32));
        foreach (int offset in offsets)
        {
            bool reserved = offset >= _bytes.Length - 12 && offset < _bytes.Length - 8;
            Assert.Equal(!reserved, CheckMutation(offset, (byte)(1 << (offset % 8))));
        }
    }

    [Fact]
    public void Random_byte_flips_anywhere_give_the_original_data_or_a_format_error()
    {
        var random = new Random(20240601);
        int detected = 0;
        for (int i = 0; i < 600; i++)
        {
            int offset = random.Next(_bytes.Length);
            byte mask = (byte)random.Next(1, 256);
            detected += CheckMutation(offset, mask) ? 1 : 0;
        }

        // Almost every flip lands in checksummed bytes; only the trailer's 4 reserved bytes are not covered.
        Assert.True(detected > 570, $"{detected} of 600 flips detected");
    }

    [Fact]
    public void Damage_inside_a_chunk_is_reported_by_ReadColumn_not_Open()
    {
        string path = _dir.File("chunk.tlab");
        var bytes = (byte[])_bytes.Clone();
        using (StoreReader reader = StoreReader.Open(_original))
        {
            ColumnChunkInfo chunk = ((TableReader)reader.GetTable("events")!).GetChunkInfo(2, 0);
            bytes[chunk.Offset + (chunk.Length / 2)] ^= 0x10;
        }

        File.WriteAllBytes(path, bytes);
        using StoreReader damaged = StoreReader.Open(path);
        ITableSource events = damaged.GetTable("events")!;
        var e = Assert.Throws<StoreFormatException>(() => events.ReadColumn(2, 0, new long[events.RowGroupRowCount(2)]));
        Assert.Contains("checksum mismatch in column 'timestamp' of row group 2 of table 'events'", e.Message, StringComparison.Ordinal);

        // The other chunks are still readable.
        var values = new long[events.RowGroupRowCount(2)];
        events.ReadColumn(2, 1, values);
        Assert.Equal(_events[2].Rows(1).ToArray(), values);
    }

    [Fact]
    public void Messages_say_what_is_wrong()
    {
        string text = _dir.File("trace.txt");
        File.WriteAllText(text, "# tracer: nop\n");
        Assert.Contains("is not a TraceLab store", Assert.Throws<StoreFormatException>(() => StoreReader.Open(text)).Message, StringComparison.Ordinal);

        string empty = _dir.File("empty.tlab");
        File.WriteAllBytes(empty, []);
        Assert.Contains("is not a TraceLab store", Assert.Throws<StoreFormatException>(() => StoreReader.Open(empty)).Message, StringComparison.Ordinal);

        string cut = _dir.File("cut.tlab");
        File.WriteAllBytes(cut, _bytes[..^1]);
        StoreFormatException truncated = Assert.Throws<StoreFormatException>(() => StoreReader.Open(cut));
        Assert.Contains("is truncated or corrupt", truncated.Message, StringComparison.Ordinal);
        Assert.Equal(cut, truncated.FilePath);
    }

    [Fact]
    public void A_newer_minimum_reader_version_is_refused_by_name()
    {
        string path = _dir.File("future.tlab");
        var bytes = (byte[])_bytes.Clone();
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), 7);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(10), 3);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(28), Crc32C.Compute(bytes.AsSpan(0, 28)));
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<StoreFormatException>(() => StoreReader.Open(path));
        Assert.Contains("written by a newer format version 7", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_newer_writer_that_old_readers_may_read_is_accepted()
    {
        string path = _dir.File("compatible.tlab");
        var bytes = (byte[])_bytes.Clone();
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), 3);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(28), Crc32C.Compute(bytes.AsSpan(0, 28)));
        File.WriteAllBytes(path, bytes);
        using StoreReader reader = StoreReader.Open(path);
        Assert.Equal(3, reader.FormatVersion);
        TestStores.AssertMixed(reader, _events, _small);
    }

    /// <summary>Applies one xor, then opens and reads everything. True when the damage was reported.</summary>
    private bool CheckMutation(int offset, byte mask)
    {
        string path = _dir.File("mutated.tlab");
        var bytes = (byte[])_bytes.Clone();
        bytes[offset] ^= mask;
        File.WriteAllBytes(path, bytes);
        try
        {
            using StoreReader reader = StoreReader.Open(path);
            TestStores.AssertMixed(reader, _events, _small);
            return false;
        }
        catch (StoreFormatException)
        {
            return true;
        }
    }
}
