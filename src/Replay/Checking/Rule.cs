namespace TraceLab.Replay.Checking;

/// <summary>One rule of docs/rules.md: a stable id, its severity, the spec section and a one-line title.</summary>
public sealed record Rule(string Id, Severity Severity, string Spec, string Title);
