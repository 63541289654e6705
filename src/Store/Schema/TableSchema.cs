using System.Collections.Immutable;

namespace TraceLab.Store.Schema;

/// <summary>A table's name and its ordered columns. Column order is the on-disk order and the index used by readers.</summary>
public sealed class TableSchema
{
    public TableSchema(string name, string doc, ImmutableArray<ColumnDef> columns)
    {
        Name = name;
        Doc = doc;
        Columns = columns;
    }

    public string Name { get; }

    public string Doc { get; }

    public ImmutableArray<ColumnDef> Columns { get; }

    /// <summary>The index of the named column, or -1.</summary>
    public int IndexOf(string columnName)
    {
        for (int i = 0; i < Columns.Length; i++)
        {
            if (string.Equals(Columns[i].Name, columnName, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
