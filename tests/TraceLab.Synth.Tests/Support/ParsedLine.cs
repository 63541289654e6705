namespace TraceLab.Synth.Tests.Support;

/// <summary>One event line split into its columns by <see cref="TraceText"/>.</summary>
public sealed record ParsedLine(
    long LineNumber,
    string Comm,
    int Pid,
    int? Tgid,
    int Cpu,
    string? Flags,
    long Timestamp,
    string Event,
    string Payload);
