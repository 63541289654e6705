using TraceLab.Replay.Model;

namespace TraceLab.Replay.Output;

/// <summary>One VM of the report: the model replay used for it and why.</summary>
public sealed record VmSummary(string Store, int Vm, GuestMode Mode, string Why, long Episodes);
