using System.CommandLine;
using TraceLab.Synth;
using TraceLab.Synth.Truth;

namespace TraceLab.Cli.Commands;

/// <summary><c>tracelab synth</c>: writes a realistic synthetic trace (and optionally its ground truth).</summary>
internal static class SynthCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--output", "-o") { Description = "File to write, or - for stdout.", Required = true };
        var mode = new Option<string>("--mode") { Description = "tdx or vmx.", DefaultValueFactory = _ => "tdx" };
        var format = new Option<string>("--format") { Description = "ftrace, trace-pipe, trace-cmd or perf-script.", DefaultValueFactory = _ => "ftrace" };
        var kernel = new Option<string>("--kernel") { Description = "Print formats of kernel 2.6, 4, 5.4, 5.9, 6.10, 6.14, 6.16 or 6.18.", DefaultValueFactory = _ => "6.18" };
        var events = new Option<long?>("--events") { Description = "Number of events to write (default 10,000 unless --bytes is given)." };
        var bytes = new Option<string?>("--bytes") { Description = "Approximate size, e.g. 1G, 200M, 64k." };
        var seed = new Option<int>("--seed") { Description = "Seed: the same options and seed give the same bytes.", DefaultValueFactory = _ => 1 };
        var vms = new Option<int>("--vms") { Description = "Number of VMs.", DefaultValueFactory = _ => 1 };
        var vcpus = new Option<int>("--vcpus") { Description = "vCPUs per VM.", DefaultValueFactory = _ => 2 };
        var timestamps = new Option<string>("--timestamps") { Description = "usec, nsec or counter (raw TSC ticks).", DefaultValueFactory = _ => "usec" };
        var showcase = new Option<bool>("--showcase") { Description = "Start every vCPU with a scripted run of the rare scenarios (MapGPA, GetQuote, OPERAND_BUSY, ...)." };
        var truth = new Option<string?>("--truth") { Description = "Also write the generator's exact record of every exit as TSV." };
        var inject = new Option<string?>("--inject")
        {
            Description = "Inject divergences replay must report, listed in <output>.injected.tsv: rule ids (e.g. tdx.msmi-resumed,exit.handler-mismatch) or all.",
        };
        var injectEvery = new Option<int>("--inject-every") { Description = "About one injected episode per this many exits.", DefaultValueFactory = _ => 500 };

        var command = new Command("synth", "Write a realistic synthetic KVM trace.")
        {
            output, mode, format, kernel, events, bytes, seed, vms, vcpus, timestamps, showcase, truth, inject, injectEvery,
        };
        command.SetAction(parse =>
        {
            if (!TryParse(parse.GetValue(mode)!, parse.GetValue(format)!, parse.GetValue(kernel)!, parse.GetValue(timestamps)!,
                    parse.GetValue(bytes), out SynthOptions? options, out string? error))
            {
                Console.Error.WriteLine("tracelab synth: " + error);
                return ExitCodes.Usage;
            }

            options = options! with
            {
                Seed = parse.GetValue(seed),
                TargetEvents = parse.GetValue(events) ?? (options.TargetBytes is null ? 10_000 : null),
                VmCount = parse.GetValue(vms),
                VcpusPerVm = parse.GetValue(vcpus),
                Showcase = parse.GetValue(showcase),
                InjectEvery = parse.GetValue(injectEvery),
            };
            if (parse.GetValue(inject) is string kinds)
            {
                if (!TryParseInject(kinds, options, out IReadOnlyList<DivergenceKind>? injected, out string? injectError))
                {
                    Console.Error.WriteLine("tracelab synth: " + injectError);
                    return ExitCodes.Usage;
                }

                options = options with { Inject = injected! };
            }

            try
            {
                // Validate before the output is opened: a bad option must not truncate an existing file.
                SynthOptionsValidator.Validate(options);
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine("tracelab synth: " + Describe(e));
                return ExitCodes.Usage;
            }

            string path = parse.GetValue(output)!;
            string? truthPath = parse.GetValue(truth);
            try
            {
                SynthTruth result;
                using (Stream stream = path == "-" ? Console.OpenStandardOutput() : File.Create(path, 1 << 20))
                {
                    result = TraceSynthesizer.Write(options, stream, collectTruth: truthPath is not null);
                }

                if (truthPath is not null)
                {
                    using var writer = File.CreateText(truthPath);
                    SynthTruthTsvWriter.Write(result, writer);
                }

                string? injectedPath = options.Inject.Count == 0 ? null
                    : path != "-" ? path + ".injected.tsv"
                    : truthPath is not null ? truthPath + ".injected.tsv"
                    : null;
                if (injectedPath is not null)
                {
                    using var writer = File.CreateText(injectedPath);
                    SynthTruthTsvWriter.WriteInjected(result, writer);
                }

                if (path != "-")
                {
                    Console.Error.WriteLine($"Wrote {result.EventCount:N0} events ({result.LineCount:N0} lines, {result.ByteCount:N0} bytes) to {path}.");
                }

                if (injectedPath is not null)
                {
                    Console.Error.WriteLine($"Injected {result.Injected.Count:N0} divergences, listed in {injectedPath}.");
                }
                else if (options.Inject.Count > 0)
                {
                    Console.Error.WriteLine($"Injected {result.Injected.Count:N0} divergences; give --truth to list them (<truth>.injected.tsv) when writing to stdout.");
                }

                return ExitCodes.Ok;
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine("tracelab synth: " + Describe(e));
                return ExitCodes.Usage;
            }
        });
        return command;
    }

    private static bool TryParse(string mode, string format, string kernel, string timestamps, string? bytes,
        out SynthOptions? options, out string? error)
    {
        options = null;
        error = null;
        SynthMode? m = mode switch { "tdx" => SynthMode.Tdx, "vmx" => SynthMode.Vmx, _ => null };
        TraceFormat? f = format switch
        {
            "ftrace" => TraceFormat.Ftrace,
            "trace-pipe" or "trace_pipe" => TraceFormat.TracePipe,
            "trace-cmd" => TraceFormat.TraceCmd,
            "perf-script" or "perf" => TraceFormat.PerfScript,
            _ => null,
        };
        KernelGeneration? k = kernel switch
        {
            "2.6" => KernelGeneration.V2_6, "4" or "4.x" => KernelGeneration.V4, "5.4" => KernelGeneration.V5_4,
            "5.9" => KernelGeneration.V5_9, "6.10" => KernelGeneration.V6_10, "6.14" => KernelGeneration.V6_14,
            "6.16" => KernelGeneration.V6_16, "6.18" or "latest" => KernelGeneration.V6_18, _ => null,
        };
        TimestampStyle? t = timestamps switch
        {
            "usec" => TimestampStyle.Usec, "nsec" => TimestampStyle.Nsec, "counter" => TimestampStyle.RawCounter, _ => null,
        };
        long? size = null;
        if (bytes is not null)
        {
            size = ParseSize(bytes);
            if (size is null)
            {
                error = $"--bytes '{bytes}' is not a size; use e.g. 1G, 200M, 64k or a byte count.";
                return false;
            }
        }

        if (m is null || f is null || k is null || t is null)
        {
            error = m is null ? $"unknown --mode '{mode}'; use tdx or vmx."
                : f is null ? $"unknown --format '{format}'; use ftrace, trace-pipe, trace-cmd or perf-script."
                : k is null ? $"unknown --kernel '{kernel}'; use 2.6, 4, 5.4, 5.9, 6.10, 6.14, 6.16 or 6.18."
                : $"unknown --timestamps '{timestamps}'; use usec, nsec or counter.";
            return false;
        }

        options = new SynthOptions { Mode = m.Value, Format = f.Value, Generation = k.Value, Timestamps = t.Value, TargetBytes = size };
        return true;
    }

    /// <summary>
    /// <c>--inject</c>: comma-separated replay rule ids, or <c>all</c> for every kind these options can inject. Whether a
    /// kind fits the mode, kernel and VM count is the validator's to say.
    /// </summary>
    private static bool TryParseInject(string text, SynthOptions options, out IReadOnlyList<DivergenceKind>? kinds, out string? error)
    {
        kinds = null;
        error = null;
        if (text.Trim() == "all")
        {
            kinds = DivergenceKinds.For(options);
            return true;
        }

        var list = new List<DivergenceKind>();
        foreach (string part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!DivergenceKinds.TryParse(part, out DivergenceKind kind))
            {
                string known = string.Join(", ", DivergenceKinds.All.Where(k => DivergenceKinds.AppliesTo(k, options.Mode)).Select(DivergenceKinds.RuleId));
                error = $"--inject: unknown divergence '{part}'; use all or rule ids of {(options.Mode == SynthMode.Tdx ? "TDX" : "VMX")} mode: {known}.";
                return false;
            }

            list.Add(kind);
        }

        if (list.Count == 0)
        {
            error = "--inject: name at least one rule id, or all.";
            return false;
        }

        kinds = list;
        return true;
    }

    /// <summary>The validator's message in the command line's terms: "--events: must be positive".</summary>
    private static string Describe(ArgumentException e)
    {
        string option = e.ParamName switch
        {
            nameof(SynthOptions.TargetEvents) => "--events",
            nameof(SynthOptions.TargetBytes) => "--bytes",
            nameof(SynthOptions.Generation) => "--kernel",
            nameof(SynthOptions.VmCount) => "--vms",
            nameof(SynthOptions.VcpusPerVm) => "--vcpus",
            nameof(SynthOptions.Timestamps) => "--timestamps",
            nameof(SynthOptions.Mode) => "--mode",
            nameof(SynthOptions.Format) => "--format",
            nameof(SynthOptions.Inject) => "--inject",
            nameof(SynthOptions.InjectEvery) => "--inject-every",
            _ => e.ParamName ?? "option",
        };
        string message = e.Message;
        int colon = message.IndexOf(": ", StringComparison.Ordinal);
        int parameter = message.LastIndexOf(" (Parameter", StringComparison.Ordinal);
        if (colon >= 0)
        {
            message = message[(colon + 2)..(parameter > colon ? parameter : message.Length)];
        }

        return $"{option}: {message}";
    }

    private static long? ParseSize(string text)
    {
        long unit = 1;
        string digits = text;
        if (text.Length > 0 && char.IsLetter(text[^1]))
        {
            unit = char.ToUpperInvariant(text[^1]) switch { 'K' => 1L << 10, 'M' => 1L << 20, 'G' => 1L << 30, _ => 0 };
            digits = text[..^1];
        }

        return unit > 0 && long.TryParse(digits, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long n)
            ? n * unit : null;
    }
}
