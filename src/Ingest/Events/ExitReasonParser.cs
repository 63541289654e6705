using TraceLab.Ingest.Text;
using TraceLab.Store.Kvm;

namespace TraceLab.Ingest.Events;

/// <summary>
/// Turns kvm_exit's reason text into the full exit reason and the ISA (spec §1.1, §1.2). The text is a symbol or a
/// hex number, followed for VMX by flag words: <c>EXTERNAL_INTERRUPT</c>, <c>npf</c>, <c>GP excp</c>, <c>0x6</c>,
/// <c>TDCALL 0x4000000</c>, <c>INVALID_STATE FAILED_VMENTRY</c>, <c>0xffff FAILED_VMENTRY 0x7fff0000</c>.
/// </summary>
internal static class ExitReasonParser
{
    /// <summary>Reason codes at or above this value stand for names no table knows (the reasons pool holds the text).</summary>
    public const long UnknownNameBase = 1L << 48;

    /// <summary>Parses <paramref name="text"/>; false when the name is in no table (the caller keeps the text).</summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out long code, out Isa isa)
    {
        code = 0;
        isa = Isa.Unknown;
        text = text.Trim((byte)' ');
        if (text.IsEmpty)
        {
            return false;
        }

        // SVM exception exits have a blank inside the name ("GP excp").
        if (text.EndsWith(" excp"u8) && TryLookup(text, SvmExitReasons.ByName, out uint svmExcp))
        {
            code = svmExcp;
            isa = Isa.Svm;
            return true;
        }

        // libtraceevent's kvm plugin prints reasons missing from its table as "UNKNOWN (77)".
        if (text.StartsWith("UNKNOWN ("u8) && text[^1] == (byte)')'
            && AsciiNumber.ParseDecimal(text[9..^1], out ulong plugin) == text.Length - 10 && text.Length > 10)
        {
            code = (long)(uint)plugin;
            return true;
        }

        int blank = text.IndexOf((byte)' ');
        ReadOnlySpan<byte> baseToken = blank < 0 ? text : text[..blank];
        ReadOnlySpan<byte> flags = blank < 0 ? default : text[(blank + 1)..];

        uint basic;
        if (baseToken.Length > 2 && baseToken[0] == (byte)'0' && (baseToken[1] | 0x20) == (byte)'x'
            && AsciiNumber.ParseHex(baseToken, out ulong hex) == baseToken.Length)
        {
            basic = (uint)hex;
        }
        else if (IsUpper(baseToken) && TryLookup(baseToken, VmxExitReasons.ByName, out basic))
        {
            isa = Isa.Vmx;
        }
        else if (TryLookup(baseToken, SvmExitReasons.ByName, out basic))
        {
            isa = Isa.Svm;
        }
        else if (TryLookup(baseToken, VmxExitReasons.ByName, out basic))
        {
            isa = Isa.Vmx;
        }
        else
        {
            return false;
        }

        uint full = basic;
        while (!flags.IsEmpty)
        {
            int next = flags.IndexOf((byte)' ');
            ReadOnlySpan<byte> word = next < 0 ? flags : flags[..next];
            flags = next < 0 ? default : flags[(next + 1)..];
            if (word.SequenceEqual("FAILED_VMENTRY"u8))
            {
                full |= VmxExitReasons.FailedVmentryFlag;
                isa = Isa.Vmx;
            }
            else if (word.Length > 2 && AsciiNumber.ParseHex(word, out ulong bits) == word.Length)
            {
                // __print_flags prints leftover bits as hex; they only exist for isa == VMX (spec §1.1).
                full |= (uint)bits;
                isa = Isa.Vmx;
            }
            else if (!word.IsEmpty)
            {
                return false;
            }
        }

        code = full;
        return true;
    }

    private static bool IsUpper(ReadOnlySpan<byte> token)
    {
        foreach (byte c in token)
        {
            if (c is >= (byte)'a' and <= (byte)'z')
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryLookup(ReadOnlySpan<byte> name, System.Collections.Frozen.FrozenDictionary<string, uint> table, out uint code)
    {
        code = 0;
        if (name.Length > 64)
        {
            return false;
        }

        // Reason names are ASCII; decoding into a stack buffer avoids allocating on this (hot) path.
        Span<char> chars = stackalloc char[name.Length];
        for (int i = 0; i < name.Length; i++)
        {
            chars[i] = (char)name[i];
        }

        return table.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(chars, out code);
    }
}
