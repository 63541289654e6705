namespace TraceLab.Store.Encoding;

/// <summary>
/// What <see cref="PackedBlockPlan.Estimate"/> settles for a packed stream before it is written: the factor its
/// blocks are divided by where they can be, and the pair of patch widths its blocks choose between.
/// <see cref="ColumnHistory"/> keeps them so that the next chunk of a column can be written without estimating.
/// </summary>
internal readonly record struct PackedStreamParameters(ExactDivisor Divisor, PatchWidths Widths);
