using System.Text;

namespace TraceLab.Analysis.Stats.Writers;

/// <summary>A plain-text table: columns as wide as their widest cell, two spaces apart, text left and numbers right.</summary>
internal sealed class TextTable
{
    private readonly List<(string Name, bool Left)> _columns;
    private readonly List<IReadOnlyList<string>> _rows = [];

    public TextTable(List<(string Name, bool Left)> columns) => _columns = columns;

    public void Add(IReadOnlyList<string> cells) => _rows.Add(cells);

    public void Write(TextWriter output)
    {
        int[] widths = new int[_columns.Count];
        for (int c = 0; c < widths.Length; c++)
        {
            widths[c] = _columns[c].Name.Length;
            foreach (IReadOnlyList<string> row in _rows)
            {
                widths[c] = Math.Max(widths[c], row[c].Length);
            }
        }

        var line = new StringBuilder();
        WriteLine(output, line, widths, c => _columns[c].Name);
        foreach (IReadOnlyList<string> row in _rows)
        {
            WriteLine(output, line, widths, c => row[c]);
        }
    }

    private void WriteLine(TextWriter output, StringBuilder line, int[] widths, Func<int, string> cell)
    {
        line.Clear();
        for (int c = 0; c < widths.Length; c++)
        {
            if (c > 0)
            {
                line.Append("  ");
            }

            string text = cell(c);
            if (_columns[c].Left)
            {
                line.Append(text.PadRight(widths[c]));
            }
            else
            {
                line.Append(text.PadLeft(widths[c]));
            }
        }

        output.Write(line.ToString().TrimEnd() + "\n");
    }
}
