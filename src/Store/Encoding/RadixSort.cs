using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TraceLab.Store.Encoding;

/// <summary>
/// Sorts a dictionary's distinct values together with their hash-table slots: least significant 11-bit digit first,
/// one counting pass per digit. One pass counts all six digits at once, and a digit that every key shares (the top
/// bits of small or address-like values) is skipped. A few thousand keys sort in a handful of branch-free passes; a
/// comparison sort of them costs a mispredicted branch per comparison, and looking each slot up again afterwards (a
/// binary search per value) as much again.
/// </summary>
[SkipLocalsInit]
internal static class RadixSort
{
    /// <summary>Below this many keys a comparison sort is quicker than clearing and summing the counters.</summary>
    private const int ComparisonLimit = 256;


    private const int Bits = 11;
    private const int Radix = 1 << Bits;
    private const ulong Mask = Radix - 1;
    private const int Digits = 6;

    /// <summary>
    /// Sorts <paramref name="keys"/> ascending (as signed values, none below <paramref name="min"/>) and applies the
    /// same permutation to <paramref name="items"/>; the two scratch spans must be at least as long. Digits are those
    /// of <c>key - min</c>, which orders like the keys and leaves the top digits zero, and so skipped, unless the keys
    /// span most of the 64-bit range.
    /// </summary>
    public static void Sort(Span<long> keys, Span<int> items, long min, Span<long> keyScratch, Span<int> itemScratch)
    {
        int n = keys.Length;
        if (n < ComparisonLimit)
        {
            keys.Sort(items);
            return;
        }

        if (keyScratch.Length < n || itemScratch.Length < n || items.Length < n)
        {
            throw new ArgumentException("Items and scratch spans must be as long as the keys.");
        }

        // counts[Radix * d + x]: keys whose digit d is x. Six 11-bit digits (the last holds 9 bits) need two passes
        // fewer than eight bytes would, for 48 KB of counters.
        Span<int> counts = stackalloc int[Digits * Radix];
        counts.Clear();
        ref int count = ref MemoryMarshal.GetReference(counts);
        foreach (long key in keys)
        {
            ulong u = (ulong)unchecked(key - min);
            Unsafe.Add(ref count, (int)(u & Mask))++;
            Unsafe.Add(ref count, Radix + (int)((u >> Bits) & Mask))++;
            Unsafe.Add(ref count, (2 * Radix) + (int)((u >> (2 * Bits)) & Mask))++;
            Unsafe.Add(ref count, (3 * Radix) + (int)((u >> (3 * Bits)) & Mask))++;
            Unsafe.Add(ref count, (4 * Radix) + (int)((u >> (4 * Bits)) & Mask))++;
            Unsafe.Add(ref count, (5 * Radix) + (int)(u >> (5 * Bits)))++;
        }

        ref long fromKeys = ref MemoryMarshal.GetReference(keys);
        ref int fromItems = ref MemoryMarshal.GetReference(items);
        ref long toKeys = ref MemoryMarshal.GetReference(keyScratch);
        ref int toItems = ref MemoryMarshal.GetReference(itemScratch);
        bool inScratch = false;
        for (int d = 0; d < Digits; d++)
        {
            ref int digit = ref Unsafe.Add(ref count, d * Radix);
            int shift = d * Bits;
            if (Unsafe.Add(ref digit, (int)(((ulong)unchecked(fromKeys - min) >> shift) & Mask)) == n)
            {
                continue; // every key has this digit
            }

            int sum = 0;
            for (int x = 0; x < Radix; x++)
            {
                int c = Unsafe.Add(ref digit, x);
                Unsafe.Add(ref digit, x) = sum;
                sum += c;
            }

            for (int i = 0; i < n; i++)
            {
                long key = Unsafe.Add(ref fromKeys, i);
                ref int at = ref Unsafe.Add(ref digit, (int)(((ulong)unchecked(key - min) >> shift) & Mask));
                Unsafe.Add(ref toKeys, at) = key;
                Unsafe.Add(ref toItems, at) = Unsafe.Add(ref fromItems, i);
                at++;
            }

            ref long keySwap = ref fromKeys;
            fromKeys = ref toKeys;
            toKeys = ref keySwap;
            ref int itemSwap = ref fromItems;
            fromItems = ref toItems;
            toItems = ref itemSwap;
            inScratch = !inScratch;
        }

        // After an odd number of passes the result sits in the scratch spans.
        if (inScratch)
        {
            keyScratch[..n].CopyTo(keys);
            itemScratch[..n].CopyTo(items);
        }
    }
}
