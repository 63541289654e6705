namespace TraceLab.Replay.Checking;

/// <summary>
/// One place where the trace shows what the model says the kernel cannot do (or a legal but telling outcome, see
/// <see cref="Severity"/>). Lines are 1-based lines of the input file: <see cref="Line"/> is the episode's kvm_exit
/// (or its first event when it has none), <see cref="EventLine"/> the offending event.
/// </summary>
public sealed record Divergence
{
    public required string Rule { get; init; }

    public required Severity Severity { get; init; }

    public required int Vm { get; init; }

    public required int Vcpu { get; init; }

    public required int Tid { get; init; }

    public required long TimestampNs { get; init; }

    public required string File { get; init; }

    public required long Line { get; init; }

    public required long EventLine { get; init; }

    public required string Expected { get; init; }

    public required string Observed { get; init; }

    public required string Message { get; init; }
}
