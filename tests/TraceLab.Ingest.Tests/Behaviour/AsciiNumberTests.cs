using System.Globalization;
using System.Text;
using TraceLab.Ingest.Text;

namespace TraceLab.Ingest.Tests.Behaviour;

/// <summary>
/// The hex parser has a 16-bytes-at-once path; it must agree with a plain reading of the digits (ulong.Parse of the
/// digit run, keeping the low 64 bits as the scalar path's wrap-around does) for every run length and follower.
/// </summary>
public sealed class AsciiNumberTests
{
    private const string Digits = "0123456789abcdefABCDEF";
    private const string Followers = " xXgG:,()\r-+";

    [Fact]
    public void Hex_runs_of_every_length_parse_like_ulong_parse()
    {
        var random = new Random(20261122);
        for (int trial = 0; trial < 20_000; trial++)
        {
            int run = random.Next(0, 25);
            var sb = new StringBuilder();
            for (int i = 0; i < run; i++)
            {
                sb.Append(Digits[random.Next(Digits.Length)]);
            }

            string digits = sb.ToString();
            int tail = random.Next(0, 20);
            for (int i = 0; i < tail; i++)
            {
                sb.Append(random.Next(3) == 0 ? Digits[random.Next(Digits.Length)] : Followers[random.Next(Followers.Length)]);
            }

            // Half the cases are padded past 16 bytes so the 16-at-once path sees every run length and follower.
            if (trial % 2 == 0)
            {
                sb.Append(Followers[random.Next(Followers.Length)], 16);
            }

            string text = sb.ToString();
            int expectedLength = run;
            while (expectedLength < text.Length && Uri.IsHexDigit(text[expectedLength]))
            {
                expectedLength++;
            }

            string allDigits = text[..expectedLength];
            string low16 = allDigits.Length > 16 ? allDigits[^16..] : allDigits;
            ulong expected = low16.Length == 0 ? 0 : ulong.Parse(low16, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

            int consumed = AsciiNumber.ParseHexDigits(Encoding.ASCII.GetBytes(text), out ulong value);
            Assert.True(expectedLength == consumed, $"'{text}': consumed {consumed}, expected {expectedLength}");
            Assert.True(expected == value, $"'{text}': value {value:x}, expected {expected:x}");
        }
    }

    [Theory]
    [InlineData("0x000000000000ffcc info2", 18, 0xffcc)]
    [InlineData("0xFFFFFFFFFFFFFFFF", 18, ulong.MaxValue)]
    [InlineData("0x", 1, 0)]
    [InlineData("zz", 0, 0)]
    public void Prefixed_hex_as_the_kernel_prints_it(string text, int consumed, ulong value)
    {
        Assert.Equal(consumed, AsciiNumber.ParseHex(Encoding.ASCII.GetBytes(text), out ulong parsed));
        Assert.Equal(value, parsed);
    }
}
