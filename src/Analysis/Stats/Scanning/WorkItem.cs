namespace TraceLab.Analysis.Stats.Scanning;

/// <summary>One row group to scan: of the exit table, or of the event table (userspace exits).</summary>
internal readonly record struct WorkItem(int Store, bool Events, int RowGroup);
