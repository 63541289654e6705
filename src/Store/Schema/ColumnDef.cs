namespace TraceLab.Store.Schema;

/// <summary>
/// One column of a table. Every column holds 64-bit integers in memory (unsigned fields keep their bit pattern);
/// the file stores each row group's values in the narrowest encoding that fits (docs/store-format.md).
/// </summary>
/// <param name="Name">Column name as used in CSV headers, <c>tracelab schema</c> and the file's footer.</param>
/// <param name="Unit">Unit or domain of the values ("ns", "row", "pool:tasks", "enum:EventKind", "hex").</param>
/// <param name="Doc">One line saying what the value means.</param>
public sealed record ColumnDef(string Name, string Unit, string Doc);
