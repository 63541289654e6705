using System.Text;

namespace TraceLab.Cli.Tests.Support;

/// <summary>
/// A strict RFC 4180 reader: records end in CRLF (the last one too, as CsvHelper writes), a field is either bare
/// (no comma, quote, CR or LF) or wholly quoted with quotes doubled inside. Anything else fails the test with the
/// offset, so "parses back" means the output really is RFC 4180, not merely readable by a lenient parser.
/// </summary>
internal static class Rfc4180
{
    public static List<string[]> Parse(string text)
    {
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        int i = 0;
        while (i < text.Length)
        {
            if (text[i] == '"')
            {
                i++;
                while (true)
                {
                    Assert.True(i < text.Length, "CSV: unterminated quoted field at end of text");
                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    field.Append(text[i++]);
                }

                Assert.True(i < text.Length && (text[i] == ',' || text[i] == '\r'),
                    $"CSV: a closing quote must be followed by a comma or CRLF (offset {i})");
            }
            else
            {
                while (i < text.Length && text[i] != ',' && text[i] != '\r')
                {
                    Assert.True(text[i] != '"' && text[i] != '\n', $"CSV: bare field holds a quote or LF at offset {i}");
                    field.Append(text[i++]);
                }
            }

            fields.Add(field.ToString());
            field.Clear();
            Assert.True(i < text.Length, "CSV: the last record does not end with CRLF");
            if (text[i] == ',')
            {
                i++;
                continue;
            }

            Assert.True(i + 1 < text.Length && text[i + 1] == '\n', $"CSV: CR not followed by LF at offset {i}");
            i += 2;
            records.Add([.. fields]);
            fields.Clear();
        }

        Assert.True(fields.Count == 0, "CSV: text ends inside a record");
        return records;
    }
}
