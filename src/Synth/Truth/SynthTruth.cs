namespace TraceLab.Synth.Truth;

/// <summary>
/// An exact record of what <see cref="TraceSynthesizer.Write"/> wrote, for checking parsers against: every kvm_exit
/// (when collected), counts per event name and per exit reason, and the threads.
/// </summary>
public sealed class SynthTruth
{
    internal SynthTruth(
        SynthOptions options,
        TimestampUnit unit,
        IReadOnlyList<ExitTruth>? exits,
        IReadOnlyDictionary<string, long> eventCounts,
        IReadOnlyDictionary<uint, long> exitReasonCounts,
        IReadOnlyList<SynthThread> threads,
        IReadOnlyList<InjectedDivergence> injected,
        int hostCpus,
        long headerLines,
        long events,
        long bytes)
    {
        Options = options;
        TimestampUnit = unit;
        HasExitDetails = exits is not null;
        Exits = exits ?? [];
        EventCounts = eventCounts;
        ExitReasonCounts = exitReasonCounts;
        Threads = threads;
        Injected = injected;
        HostCpus = hostCpus;
        HeaderLineCount = headerLines;
        EventCount = events;
        ByteCount = bytes;
    }

    public SynthOptions Options { get; }

    public TimestampUnit TimestampUnit { get; }

    /// <summary>False when the caller asked for totals only; <see cref="Exits"/> is then empty.</summary>
    public bool HasExitDetails { get; }

    /// <summary>Every kvm_exit in output order.</summary>
    public IReadOnlyList<ExitTruth> Exits { get; }

    /// <summary>Lines per tracepoint name (<c>kvm_exit</c>, <c>kvm_fpu</c>, …); names never written are absent.</summary>
    public IReadOnlyDictionary<string, long> EventCounts { get; }

    /// <summary>kvm_exit lines per full exit reason.</summary>
    public IReadOnlyDictionary<uint, long> ExitReasonCounts { get; }

    public IReadOnlyList<SynthThread> Threads { get; }

    /// <summary>
    /// The divergences <see cref="SynthOptions.Inject"/> put into the trace, in line order: exactly what replay (with its
    /// default options) reports. Always collected, whatever <c>collectTruth</c> says; empty when nothing was injected.
    /// </summary>
    public IReadOnlyList<InjectedDivergence> Injected { get; }

    public int HostCpus { get; }

    /// <summary>Lines before the first event (ftrace <c>#</c> block, trace-cmd <c>cpus=</c>).</summary>
    public long HeaderLineCount { get; }

    /// <summary>Event lines written.</summary>
    public long EventCount { get; }

    public long LineCount => HeaderLineCount + EventCount;

    public long ByteCount { get; }
}
