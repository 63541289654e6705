using System.Collections.Immutable;
using TraceLab.Store.Schema;

namespace TraceLab.Store;

/// <summary>
/// Maps a table schema read from a file back to the code's own <see cref="TableSchema"/> instance when the names
/// match, so readers get <see cref="EventColumns.Schema"/> itself (with the current docs) and the column index
/// constants stay valid. A table the code does not know, or whose columns differ, keeps the file's schema.
/// </summary>
internal static class KnownSchemas
{
    private static readonly TableSchema[] s_known = [EventColumns.Schema, ExitColumns.Schema];

    public static TableSchema Resolve(string name, string doc, ImmutableArray<ColumnDef> columns)
    {
        foreach (TableSchema known in s_known)
        {
            if (string.Equals(known.Name, name, StringComparison.Ordinal) && SameColumnNames(known.Columns, columns))
            {
                return known;
            }
        }

        return new TableSchema(name, doc, columns);
    }

    private static bool SameColumnNames(ImmutableArray<ColumnDef> a, ImmutableArray<ColumnDef> b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        for (int i = 0; i < a.Length; i++)
        {
            if (!string.Equals(a[i].Name, b[i].Name, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
