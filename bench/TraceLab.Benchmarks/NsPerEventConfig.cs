using BenchmarkDotNet.Configs;

namespace TraceLab.Benchmarks;

/// <summary>
/// <see cref="ThroughputConfig"/> plus <see cref="NsPerEventColumn"/>, for benchmark classes whose work is counted in
/// events (a class takes a single [Config]).
/// </summary>
public sealed class NsPerEventConfig : ManualConfig
{
    public NsPerEventConfig() => AddColumn(new ThroughputColumn(), new NsPerEventColumn());
}
