using System.CommandLine;
using TraceLab.Store.Schema;

namespace TraceLab.Cli.Commands;

/// <summary><c>tracelab schema</c>: prints the store's tables and columns from the one place they are defined.</summary>
internal static class SchemaCommand
{
    public static Command Create()
    {
        var command = new Command("schema", "Print the store's tables and columns.");
        command.SetAction(_ =>
        {
            foreach (TableSchema table in new[] { EventColumns.Schema, ExitColumns.Schema })
            {
                Console.WriteLine($"table {table.Name}: {table.Doc}");
                foreach (ColumnDef c in table.Columns)
                {
                    Console.WriteLine($"  {c.Name,-18} {c.Unit,-18} {c.Doc}");
                }

                Console.WriteLine();
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
