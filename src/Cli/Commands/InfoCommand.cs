using System.CommandLine;
using System.Globalization;
using TraceLab.Cli.Output;
using TraceLab.Store;
using TraceLab.Store.Encoding;
using TraceLab.Store.Metadata;

namespace TraceLab.Cli.Commands;

/// <summary>
/// <c>tracelab info &lt;store&gt;</c>: what a store holds (inputs, counts, time span, issues) and where its bytes go,
/// per table and column with the encodings chosen, so a user can see why a store is the size it is.
/// </summary>
internal static class InfoCommand
{
    public static Command Create()
    {
        var store = new Argument<string>("store") { Description = "A store written by 'tracelab ingest'." };
        var command = new Command("info", "Describe a store: inputs, counts, issues, and bytes per column.") { store };
        command.SetAction(parse =>
        {
            string path = parse.GetValue(store)!;
            if (!File.Exists(path))
            {
                Console.Error.WriteLine($"tracelab info: {path}: no such file");
                return ExitCodes.InputError;
            }

            try
            {
                using StoreReader reader = StoreReader.Open(path);
                Print(reader, new FileInfo(path).Length, Console.Out);
                return ExitCodes.Ok;
            }
            catch (StoreFormatException e)
            {
                Console.Error.WriteLine("tracelab info: " + e.Message);
                return ExitCodes.InputError;
            }
        });
        return command;
    }

    private static void Print(StoreReader reader, long fileBytes, TextWriter w)
    {
        StoreMetadata m = reader.Metadata;
        w.WriteLine($"{reader.Path}: format v{reader.FormatVersion}, written by {m.Writer}, {Units.Bytes(fileBytes)}");
        foreach (SourceInfo s in m.Sources)
        {
            w.WriteLine($"  input {s.Path} ({s.Format}, {Units.Bytes(s.Bytes)}, {Units.Integer(s.Lines)} lines, {Units.Integer(s.Events)} events)");
        }

        w.WriteLine($"  {Units.Integer(m.Events)} events, {Units.Integer(m.Exits)} exits, {Units.Integer(m.Entries)} entries, " +
            $"{m.Vcpus.Count} vCPU threads; time unit {m.TimeUnit}, span {m.FirstTimestamp}..{m.LastTimestamp}");
        w.WriteLine($"  {(m.Events > 0 ? (double)fileBytes / m.Events : 0).ToString("0.00", CultureInfo.InvariantCulture)} bytes per event");
        foreach (IssueSummary i in m.Issues)
        {
            w.WriteLine($"  issue {i.Kind} ({i.Severity}): {Units.Integer(i.Count)}");
        }

        foreach (TableReader table in reader.Tables)
        {
            w.WriteLine();
            w.WriteLine($"table {table.Schema.Name}: {Units.Integer(table.RowCount)} rows in {table.RowGroupCount} row groups");
            w.WriteLine($"  {"column",-18} {"bytes",12} {"bits/row",9}  encodings");
            for (int c = 0; c < table.Schema.Columns.Length; c++)
            {
                long bytes = 0;
                var encodings = new SortedDictionary<ColumnEncoding, int>();
                for (int g = 0; g < table.RowGroupCount; g++)
                {
                    ColumnChunkInfo info = table.GetChunkInfo(g, c);
                    bytes += info.Length;
                    encodings[info.Encoding] = encodings.GetValueOrDefault(info.Encoding) + 1;
                }

                string bits = table.RowCount > 0 ? (bytes * 8.0 / table.RowCount).ToString("0.00", CultureInfo.InvariantCulture) : "-";
                string used = string.Join(", ", encodings.Select(e => $"{e.Key} x{e.Value}"));
                w.WriteLine($"  {table.Schema.Columns[c].Name,-18} {bytes,12:N0} {bits,9}  {used}");
            }
        }
    }
}
