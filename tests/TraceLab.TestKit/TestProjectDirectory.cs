using System.Reflection;

namespace TraceLab.TestKit;

/// <summary>
/// The source folder of a test project, where its Fixtures/ and Golden/ folders live. Tests must read and write
/// there, never in bin/: a golden blessed into bin/ would be lost on the next build. Found from a source file's
/// compile-time path (<c>[CallerFilePath]</c>); when a path map hides that path (CI builds with /_/), the
/// <c>TraceLab.ProjectDirectory</c> assembly metadata written by the test project's csproj is used instead.
/// </summary>
public static class TestProjectDirectory
{
    public const string MetadataKey = "TraceLab.ProjectDirectory";

    /// <summary>The folder holding the .csproj above <paramref name="sourceFile"/>, else the assembly's metadata.</summary>
    public static string Find(string sourceFile, Assembly? assembly = null)
    {
        for (DirectoryInfo? dir = File.Exists(sourceFile) ? new FileInfo(sourceFile).Directory : null; dir is not null; dir = dir.Parent)
        {
            if (dir.EnumerateFiles("*.csproj").Any())
            {
                return dir.FullName;
            }
        }

        string? fromMetadata = assembly?.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == MetadataKey)?.Value;
        if (fromMetadata is not null && Directory.Exists(fromMetadata))
        {
            return fromMetadata;
        }

        throw new InvalidOperationException(
            $"Cannot find the test project's source folder from '{sourceFile}'; add <AssemblyMetadata Include=\"{MetadataKey}\" Value=\"$(MSBuildProjectDirectory)\" /> to the csproj.");
    }
}
