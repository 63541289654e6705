using System.Numerics;
using System.Text;

namespace TraceLab.Replay.Model;

/// <summary>An immutable set of <see cref="Companion"/>s (a bit mask), so outcomes compare companions in a few instructions.</summary>
public readonly record struct CompanionSet(uint Mask)
{
    public static CompanionSet Empty => default;

    public static CompanionSet All => new((1u << CompanionCount) - 1);

    /// <summary>Number of <see cref="Companion"/> values (they are dense from 0).</summary>
    public const int CompanionCount = (int)Companion.NestedVmexit + 1;

    public int Count => BitOperations.PopCount(Mask);

    public static CompanionSet Of(params Companion[] companions)
    {
        uint mask = 0;
        foreach (Companion c in companions)
        {
            mask |= Bit(c);
        }

        return new CompanionSet(mask);
    }

    public bool IsEmpty => Mask == 0;

    public bool Contains(Companion c) => (Mask & Bit(c)) != 0;

    public CompanionSet With(Companion c) => new(Mask | Bit(c));

    public CompanionSet Union(CompanionSet other) => new(Mask | other.Mask);

    public CompanionSet Except(CompanionSet other) => new(Mask & ~other.Mask);

    public CompanionSet Intersect(CompanionSet other) => new(Mask & other.Mask);

    public IEnumerable<Companion> Members()
    {
        for (uint rest = Mask; rest != 0; rest &= rest - 1)
        {
            yield return (Companion)BitOperations.TrailingZeroCount(rest);
        }
    }

    /// <summary>The trace's spelling: <c>kvm_pio write, kvm_cpuid</c>; "nothing" when empty.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (Companion c in Members())
        {
            text.Append(text.Length == 0 ? "" : ", ").Append(CompanionNames.Of(c));
        }

        return text.Length == 0 ? "nothing" : text.ToString();
    }

    private static uint Bit(Companion c) => 1u << (int)c;
}
