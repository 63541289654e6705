using System.Runtime.CompilerServices;

namespace TraceLab.Cli.Tests.Support;

/// <summary>
/// The checkout the tests run against: the folder holding TraceLab.sln, found by walking up from this source file
/// (the test assembly may live outside the checkout when TRACELAB_ARTIFACTS points elsewhere) or from the assembly.
/// </summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> s_root = new(Locate);

    public static string Root => s_root.Value;

    public static string SamplesDir => Path.Combine(Root, "samples", "traces");

    public static string Sample(string name) => Path.Combine(SamplesDir, name);

    /// <summary><c>x.txt</c> → <c>x.truth.tsv</c> beside it.</summary>
    public static string TruthFor(string samplePath) =>
        Path.Combine(Path.GetDirectoryName(samplePath)!, Path.GetFileNameWithoutExtension(samplePath) + ".truth.tsv");

    private static string Locate()
    {
        foreach (string? start in new[] { SourceDirectory(), AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (DirectoryInfo? dir = start is null ? null : new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "TraceLab.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("Cannot find the checkout (a folder with TraceLab.sln) above the test sources or assembly.");
    }

    private static string? SourceDirectory([CallerFilePath] string path = "") =>
        File.Exists(path) ? Path.GetDirectoryName(path) : null;
}
