using TraceLab.Synth.Model;
using TraceLab.Synth.Sim;
using TraceLab.Synth.Text;
using TraceLab.Synth.Truth;

namespace TraceLab.Synth;

/// <summary>
/// Writes realistic synthetic KVM traces (kvm_exit, kvm_entry and companions) in ftrace, trace_pipe, trace-cmd report or
/// perf script text, and returns an exact <see cref="SynthTruth"/> of what it wrote.
/// </summary>
public static class TraceSynthesizer
{
    private const int CalibrationEvents = 20_000;
    private const long DefaultEvents = 10_000;

    /// <summary>Generates the trace described by <paramref name="options"/> into <paramref name="output"/>.</summary>
    /// <param name="options">What to generate; the same options always give the same bytes.</param>
    /// <param name="output">Receives UTF-8 (pure ASCII) text in large writes; not closed.</param>
    /// <param name="collectTruth">
    /// Record every kvm_exit (line, thread, time, reason, handling time, userspace exit). Turn off for very large files:
    /// the counts, and the divergences <see cref="SynthOptions.Inject"/> put in (<see cref="SynthTruth.Injected"/>), are
    /// collected either way.
    /// </param>
    /// <exception cref="ArgumentException">An option is out of range or the combination is impossible.</exception>
    public static SynthTruth Write(SynthOptions options, Stream output, bool collectTruth)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        SynthOptionsValidator.Validate(options);

        long maxEvents = ResolveEventCount(options);
        using var sink = new Utf8Sink(output);
        var sim = new Simulation(options);
        var truth = new TruthRecorder(sim.Tasks, collectTruth, injecting: options.Inject.Count > 0);
        (TraceEmitter emitter, int headerLines) = Prepare(options, sim, sink, truth, maxEvents);
        long events = sim.Run(emitter, maxEvents);
        sink.Flush();
        output.Flush();
        return truth.Build(options, sim.HostCpus, headerLines, events, sink.BytesWritten);
    }

    private static (TraceEmitter Emitter, int HeaderLines) Prepare(SynthOptions options, Simulation sim, Utf8Sink sink, TruthRecorder? truth, long headerEvents)
    {
        LineLayout layout = CreateLayout(options, sim.Traits);
        foreach (SynthTask task in sim.Tasks)
        {
            task.Prefix = layout.RenderTaskPrefix(task);
        }

        int headerLines = layout.WriteHeader(sink, headerEvents, sim.HostCpus);
        long byteLimit = options.Format != TraceFormat.Ftrace && options.TargetBytes is long bytes ? bytes : long.MaxValue;
        var payload = new PayloadWriter(sim.Traits, options.KvmPlugin, sim.Tasks);
        return (new TraceEmitter(sink, layout, payload, sim.Tasks, sim.Clock, truth, headerLines + 1, byteLimit), headerLines);
    }

    private static LineLayout CreateLayout(SynthOptions options, GenerationTraits traits) => options.Format switch
    {
        TraceFormat.TraceCmd => new TraceCmdLayout(options.TraceCmdInstance, options.Timestamps),
        TraceFormat.PerfScript => new PerfScriptLayout(options.PerfEventNameWidth, options.Timestamps),
        _ => new FtraceLayout(
            traits,
            options.Flags ?? traits.DefaultFlags,
            options.Tgid,
            header: options.Format == TraceFormat.Ftrace,
            options.Timestamps),
    };

    /// <summary>
    /// How many events to write. Only the ftrace header needs the number before the first event: a byte target is
    /// turned into a count from a calibration run, and an early end (ReportFatalError tears a VM down) from a dry run.
    /// </summary>
    private static long ResolveEventCount(SynthOptions options)
    {
        long events = options.TargetEvents ?? (options.TargetBytes is null ? DefaultEvents : long.MaxValue);
        if (options.Format != TraceFormat.Ftrace)
        {
            return events;
        }

        if (options.TargetBytes is long targetBytes)
        {
            using var counter = new Utf8Sink(null);
            var sim = new Simulation(options);
            (TraceEmitter emitter, _) = Prepare(options with { TargetBytes = null }, sim, counter, null, 0);
            long header = counter.Position;
            long sampled = sim.Run(emitter, Math.Min(events, CalibrationEvents));
            long sampledBytes = Math.Max(1, counter.Position - header);
            UInt128 scaled = (UInt128)(ulong)Math.Max(0, targetBytes - header) * (ulong)sampled / (ulong)sampledBytes;
            long estimate = scaled > long.MaxValue ? long.MaxValue : (long)scaled;
            events = Math.Min(events, Math.Max(1, estimate));
        }

        if (options.ReportFatalErrorAtEnd && options.Mode == SynthMode.Tdx)
        {
            events = new Simulation(options).Run(new CountingSink(), events);
        }

        return events;
    }
}
