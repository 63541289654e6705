using BenchmarkDotNet.Running;

namespace TraceLab.Benchmarks;

/// <summary>Entry point: BenchmarkDotNet's switcher, so `-- --filter '*Line*'` picks benchmarks.</summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
