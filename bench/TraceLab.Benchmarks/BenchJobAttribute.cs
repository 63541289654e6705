using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;

namespace TraceLab.Benchmarks;

/// <summary>
/// <c>[SimpleJob(launchCount, warmupCount, iterationCount)]</c> that steps aside when the command line shapes a job.
/// </summary>
/// <remarks>
/// BenchmarkDotNet runs the union of the jobs from attributes and from the command line, so with a plain [SimpleJob]
/// `--job short` or `--job dry` would run the class twice (once per job) instead of once quickly. This attribute
/// gives each class its modest default run, and adds nothing when <see cref="Program"/> saw a job-shaping option
/// (<c>--job</c>, <c>--inProcess</c>, <c>--iterationCount</c>, ...), so that the command line alone decides.
/// </remarks>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class BenchJobAttribute : Attribute, IConfigSource
{
    /// <summary>Options of BenchmarkDotNet's command line that make it add a job of its own.</summary>
    private static readonly HashSet<string> s_jobOptions = new(StringComparer.OrdinalIgnoreCase)
    {
        "-j", "--job", "-r", "--runtimes", "-i", "--inProcess", "--launchCount", "--warmupCount", "--minWarmupCount",
        "--maxWarmupCount", "--iterationTime", "--iterationCount", "--minIterationCount", "--maxIterationCount",
        "--invocationCount", "--unrollFactor", "--strategy", "--platform", "--runOncePerIteration", "--affinity",
        "--envVars", "--memoryRandomization", "--noForcedGCs", "--noOverheadEvaluation", "--cli", "--coreRun",
        "--clrVersion", "--monoPath",
    };

    public BenchJobAttribute(int launchCount, int warmupCount, int iterationCount)
    {
        LaunchCount = launchCount;
        WarmupCount = warmupCount;
        IterationCount = iterationCount;
        Config = CommandLineShapesJob
            ? ManualConfig.CreateEmpty()
            : ManualConfig.CreateEmpty().AddJob(Job.Default
                .WithLaunchCount(launchCount)
                .WithWarmupCount(warmupCount)
                .WithIterationCount(iterationCount));
    }

    /// <summary>Set by <see cref="Program"/> from the arguments before the switcher builds any config.</summary>
    public static bool CommandLineShapesJob { get; private set; }

    public int LaunchCount { get; }

    public int WarmupCount { get; }

    public int IterationCount { get; }

    public IConfig Config { get; }

    public static void ReadCommandLine(IEnumerable<string> args) =>
        CommandLineShapesJob = args.Any(a => s_jobOptions.Contains(a.Split('=', 2)[0]));
}
