using System.Text;

namespace TraceLab.Ingest.Tests.Hostile;

/// <summary>
/// Seeded damage to a trace: what a cut download, a bad disk, an editor or a mail client can do to one. Plain
/// <see cref="Random"/> with a fixed seed, so a failure is reproduced by its seed alone (CsCheck is not on the mirror).
/// </summary>
public static class Mutator
{
    /// <summary>Bytes that matter to the line grammar: flipping to them is more interesting than to a random byte.</summary>
    private static readonly byte[] s_grammarBytes = "\n\r\t []():.-/#0x9"u8.ToArray();

    /// <summary>
    /// Applies one random kind of damage. <paramref name="allowLongLines"/> false leaves out the 1 MB line, for runs
    /// with chunks smaller than that line (a known bug shifts line numbers then; see KnownBugs/).
    /// </summary>
    public static (byte[] Bytes, string What) Mutate(byte[] input, Random random, bool allowLongLines = true)
    {
        int kind = random.Next(7);
        if (kind == 5 && !allowLongLines)
        {
            kind = 4;
        }

        return kind switch
        {
            0 => Truncate(input, random),
            1 => FlipBytes(input, random),
            2 => EditLines(input, random, duplicate: true),
            3 => EditLines(input, random, duplicate: false),
            4 => InsertGarbageLines(input, random),
            5 => InsertLongLine(input, random),
            _ => ShuffleLines(input, random),
        };
    }

    private static (byte[], string) Truncate(byte[] input, Random random)
    {
        int at = random.Next(input.Length + 1);
        return (input[..at], $"truncated at byte {at}");
    }

    private static (byte[], string) FlipBytes(byte[] input, Random random)
    {
        byte[] copy = (byte[])input.Clone();
        int flips = 1 + random.Next(8);
        var where = new List<int>();
        for (int i = 0; i < flips && copy.Length > 0; i++)
        {
            int at = random.Next(copy.Length);
            copy[at] = random.Next(2) == 0 ? s_grammarBytes[random.Next(s_grammarBytes.Length)] : (byte)random.Next(256);
            where.Add(at);
        }

        return (copy, $"{flips} byte(s) changed at {string.Join(',', where)}");
    }

    private static (byte[], string) EditLines(byte[] input, Random random, bool duplicate)
    {
        List<byte[]> lines = SplitKeepingNewlines(input);
        if (lines.Count == 0)
        {
            return (input, "no lines to edit");
        }

        int at = random.Next(lines.Count);
        int count = 1 + random.Next(Math.Min(3, lines.Count - at));
        if (duplicate)
        {
            lines.InsertRange(at, lines.GetRange(at, count));
        }
        else
        {
            lines.RemoveRange(at, count);
        }

        return (Join(lines), $"{(duplicate ? "duplicated" : "deleted")} {count} line(s) at line {at + 1}");
    }

    private static (byte[], string) InsertGarbageLines(byte[] input, Random random)
    {
        List<byte[]> lines = SplitKeepingNewlines(input);
        int at = random.Next(lines.Count + 1);
        int count = 1 + random.Next(4);
        for (int i = 0; i < count; i++)
        {
            var garbage = new byte[random.Next(300)];
            random.NextBytes(garbage);
            if (random.Next(2) == 0)
            {
                // Printable garbage that looks a little like a trace line is more likely to reach deep code.
                string[] pieces = ["[", "]", " ", ":", "kvm_exit", "reason", "rip", "0x", "vcpu", "-", "CPU:", "LOST", "EVENTS", "(", ")"];
                var sb = new StringBuilder();
                for (int j = 0; j < 20; j++)
                {
                    sb.Append(pieces[random.Next(pieces.Length)]).Append(random.Next(1000));
                }

                garbage = Encoding.ASCII.GetBytes(sb.ToString());
            }

            lines.Insert(at, [.. garbage.Where(b => b != (byte)'\n'), (byte)'\n']);
        }

        return (Join(lines), $"{count} garbage line(s) inserted at line {at + 1}");
    }

    private static (byte[], string) InsertLongLine(byte[] input, Random random)
    {
        int at = random.Next(input.Length + 1);
        byte fill = "A [0:x"u8[random.Next(6)];
        byte[] longLine = new byte[1 << 20];
        Array.Fill(longLine, fill);
        return ([.. input[..at], .. longLine, .. input[at..]], $"1 MB of '{(char)fill}' without newline inserted at byte {at}");
    }

    private static (byte[], string) ShuffleLines(byte[] input, Random random)
    {
        List<byte[]> lines = SplitKeepingNewlines(input);
        int swaps = 1 + random.Next(5);
        for (int i = 0; i < swaps && lines.Count > 1; i++)
        {
            int a = random.Next(lines.Count);
            int b = random.Next(lines.Count);
            (lines[a], lines[b]) = (lines[b], lines[a]);
        }

        return (Join(lines), $"{swaps} line swap(s)");
    }

    private static List<byte[]> SplitKeepingNewlines(byte[] input)
    {
        var lines = new List<byte[]>();
        int start = 0;
        while (start < input.Length)
        {
            int nl = Array.IndexOf(input, (byte)'\n', start);
            int end = nl < 0 ? input.Length : nl + 1;
            lines.Add(input[start..end]);
            start = end;
        }

        return lines;
    }

    private static byte[] Join(List<byte[]> lines) => [.. lines.SelectMany(l => l)];
}
