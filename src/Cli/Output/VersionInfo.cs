using System.Reflection;

namespace TraceLab.Cli.Output;

/// <summary>The version string recorded in stores and printed by --version.</summary>
internal static class VersionInfo
{
    public static string Writer { get; } = "tracelab " +
        (typeof(VersionInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0");
}
