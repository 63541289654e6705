using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

namespace TraceLab.Benchmarks;

/// <summary>
/// Entry point: BenchmarkDotNet's switcher, so `-- --filter '*Line*'` picks benchmarks (bench/README.md), and
/// `scan STORE [table.column ...]`, the column-scan baseline bench/stats.sh times beside `tracelab stats`.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "scan")
        {
            return ColumnScan.Run(args[1..]);
        }

        BenchJobAttribute.ReadCommandLine(args);

        // The benchmark processes BenchmarkDotNet starts inherit this, so they all share one cache of stores.
        string data = BenchData.CacheDirectory;
        Environment.SetEnvironmentVariable(BenchData.CacheVariable, data);

        // Reports go to bench/out/BenchmarkDotNet.Artifacts (git-ignored), not the working directory; --artifacts overrides.
        IConfig config = DefaultConfig.Instance.WithArtifactsPath(BenchData.ReportDirectory);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
        return 0;
    }
}
