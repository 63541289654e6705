using System.Runtime.CompilerServices;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

namespace TraceLab.Benchmarks;

/// <summary>
/// Entry point: BenchmarkDotNet's switcher, so `-- --filter '*Line*'` picks benchmarks (bench/README.md), and
/// `scan STORE [table.column ...]`, the column-scan baseline bench/stats.sh times beside `tracelab stats`.
/// </summary>
public static class Program
{
    public static int Main(string[] args) =>
        args.Length > 0 && args[0] == "scan" ? ColumnScan.Run(args[1..]) : RunBenchmarks(args);

    // Kept out of Main so that `scan` starts without loading BenchmarkDotNet: its start-up is compared with tracelab's.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int RunBenchmarks(string[] args)
    {
        BenchJobAttribute.ReadCommandLine(args);

        // The benchmark processes BenchmarkDotNet starts inherit these, so they all share one cache of stores.
        Environment.SetEnvironmentVariable(BenchData.CheckoutVariable, BenchData.FindCheckout());
        Environment.SetEnvironmentVariable(BenchData.CacheVariable, BenchData.CacheDirectory);

        // Reports go to bench/out/BenchmarkDotNet.Artifacts (git-ignored), not the working directory; --artifacts
        // overrides. The build of the benchmark process gets 10 minutes instead of 2: on a busy 2-core machine the
        // Release build of five projects takes longer, and the default timeout fails the whole run.
        IConfig config = DefaultConfig.Instance
            .WithArtifactsPath(BenchData.ReportDirectory)
            .WithBuildTimeout(TimeSpan.FromMinutes(10));
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
        return 0;
    }
}
