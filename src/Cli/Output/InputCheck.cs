namespace TraceLab.Cli.Output;

/// <summary>Checks inputs exist before any work starts, so a typo fails in milliseconds with exit 1.</summary>
internal static class InputCheck
{
    public static string? FirstMissing(IEnumerable<string> paths)
    {
        foreach (string path in paths)
        {
            if (path != "-" && !File.Exists(path))
            {
                return path;
            }
        }

        return null;
    }
}
