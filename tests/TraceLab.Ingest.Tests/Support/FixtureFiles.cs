using System.Runtime.CompilerServices;
using TraceLab.TestKit;

namespace TraceLab.Ingest.Tests.Support;

/// <summary>The hand-written edge-case traces under Fixtures/ (read from the source folder, byte for byte).</summary>
public static class FixtureFiles
{
    public static string Directory { get; } = Path.Combine(ProjectDirectory(), "Fixtures");

    /// <summary>Relative paths ("ftrace/crlf.txt") of every fixture, in ordinal order.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        .. System.IO.Directory.EnumerateFiles(Directory, "*.txt", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(Directory, path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal),
    ];

    /// <summary>Every fixture, for [MemberData].</summary>
    public static TheoryData<string> All => [.. Names];

    public static byte[] Read(string relativePath) => File.ReadAllBytes(Path.Combine(Directory, relativePath));

    /// <summary><c>ftrace/crlf.txt</c> → <c>Fixtures/ftrace/crlf.tsv</c> (the golden's path under Golden/).</summary>
    public static string GoldenFor(string relativePath) =>
        Path.Combine("Fixtures", Path.ChangeExtension(relativePath, ".tsv"));

    private static string ProjectDirectory([CallerFilePath] string path = "") =>
        TestProjectDirectory.Find(path, typeof(FixtureFiles).Assembly);
}
