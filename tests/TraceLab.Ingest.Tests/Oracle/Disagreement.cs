namespace TraceLab.Ingest.Tests.Oracle;

/// <summary>One field on which the store and the reference parser disagree, with the input line it came from.</summary>
public sealed record Disagreement(long Line, string Field, string Store, string Reference, string Text);
