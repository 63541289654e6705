namespace TraceLab.Analysis.Stats;

/// <summary>How many userspace exits had one reason.</summary>
/// <param name="Reason">Display label (<see cref="UserspaceCode.Label"/>): <c>KVM_EXIT_IO</c>, <c>restart (4)</c>, ...</param>
/// <param name="Code">KVM_EXIT code, or the negated errno for the errno form (<see cref="UserspaceCode"/>).</param>
/// <param name="Count">Number of userspace exits.</param>
public sealed record UserspaceCount(string Reason, long Code, long Count);
