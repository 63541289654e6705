using System.Runtime.CompilerServices;

namespace TraceLab.TestKit;

/// <summary>
/// Finds the team's <c>shared</c> folder (spec, corpus), which lives beside the checkout (<c>../shared</c>) and is
/// never copied into it: the corpus has no licence to ship. CI has it; a developer laptop may not, so tests that
/// need it use <see cref="SharedFactAttribute"/> / <see cref="SharedTheoryAttribute"/> and are skipped cleanly.
/// </summary>
public static class SharedDir
{
    /// <summary>Environment variable that overrides the search (a path to the <c>shared</c> folder itself).</summary>
    public const string EnvironmentVariable = "TRACELAB_SHARED";

    private const string Marker = "spec/kvm-tdx-reference.md";

    private static readonly Lazy<string?> s_path = new(Locate);

    /// <summary>The <c>shared</c> folder, or null when it cannot be found.</summary>
    public static string? Path => s_path.Value;

    public static bool Exists => Path is not null;

    /// <summary>A file or folder under <c>shared</c>; fails the test when the folder is missing (use the attributes to skip instead).</summary>
    public static string Combine(params string[] parts)
    {
        string root = Path ?? throw new InvalidOperationException(SharedFactAttribute.MissingMessage);
        return System.IO.Path.Combine([root, .. parts]);
    }

    private static string? Locate()
    {
        string? fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return HasMarker(fromEnvironment) ? System.IO.Path.GetFullPath(fromEnvironment) : null;
        }

        // The test assembly usually runs from artifacts/ inside the checkout, but TRACELAB_ARTIFACTS may put it
        // anywhere (e.g. /tmp), so the repository root (known from this file's compile-time path) is tried too.
        return SearchUpwards(AppContext.BaseDirectory) ?? SearchUpwards(SourceDirectory());
    }

    private static string? SearchUpwards(string? start)
    {
        for (DirectoryInfo? dir = start is null ? null : new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            string candidate = System.IO.Path.Combine(dir.FullName, "shared");
            if (HasMarker(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static bool HasMarker(string folder) => File.Exists(System.IO.Path.Combine(folder, Marker));

    private static string? SourceDirectory([CallerFilePath] string path = "") =>
        File.Exists(path) ? System.IO.Path.GetDirectoryName(path) : null;
}
