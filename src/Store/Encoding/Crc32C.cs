using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using ArmCrc32 = System.Runtime.Intrinsics.Arm.Crc32;

namespace TraceLab.Store.Encoding;

/// <summary>
/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78, initial value and final xor 0xFFFFFFFF), the checksum of
/// iSCSI, ext4 and Parquet. System.IO.Hashing is not part of the BCL, and x64 (SSE4.2) and Arm64 compute this
/// polynomial in hardware at several GB/s, so checking every column chunk on every read costs little.
/// </summary>
internal static class Crc32C
{
    private const uint Polynomial = 0x82F63B78;

    private static readonly uint[] s_table = BuildTable();

    /// <summary>The CRC-32C of <paramref name="data"/> ("123456789" gives 0xE3069283).</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => ~Update(0xFFFF_FFFF, data);

    private static uint Update(uint crc, ReadOnlySpan<byte> data)
    {
        if (Sse42.X64.IsSupported)
        {
            return UpdateX64(crc, data);
        }

        if (ArmCrc32.Arm64.IsSupported)
        {
            return UpdateArm64(crc, data);
        }

        return UpdateTable(crc, data);
    }

    private static uint UpdateX64(uint crc, ReadOnlySpan<byte> data)
    {
        ulong state = crc;
        ref byte start = ref MemoryMarshal.GetReference(data);
        int words = data.Length / 8;
        for (int i = 0; i < words; i++)
        {
            state = Sse42.X64.Crc32(state, ReadWord(ref start, i * 8));
        }

        uint result = (uint)state;
        for (int i = words * 8; i < data.Length; i++)
        {
            result = Sse42.Crc32(result, data[i]);
        }

        return result;
    }

    private static uint UpdateArm64(uint crc, ReadOnlySpan<byte> data)
    {
        ref byte start = ref MemoryMarshal.GetReference(data);
        int words = data.Length / 8;
        for (int i = 0; i < words; i++)
        {
            crc = ArmCrc32.Arm64.ComputeCrc32C(crc, ReadWord(ref start, i * 8));
        }

        for (int i = words * 8; i < data.Length; i++)
        {
            crc = ArmCrc32.ComputeCrc32C(crc, data[i]);
        }

        return crc;
    }

    private static uint UpdateTable(uint crc, ReadOnlySpan<byte> data)
    {
        uint[] table = s_table;
        foreach (byte b in data)
        {
            crc = table[(byte)(crc ^ b)] ^ (crc >> 8);
        }

        return crc;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong ReadWord(ref byte start, int offset)
    {
        ulong word = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, offset));
        return BitConverter.IsLittleEndian ? word : BinaryPrimitives.ReverseEndianness(word);
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            uint c = i;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? (c >> 1) ^ Polynomial : c >> 1;
            }

            table[i] = c;
        }

        return table;
    }
}
