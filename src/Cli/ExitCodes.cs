namespace TraceLab.Cli;

/// <summary>The process exit codes, documented in README.md.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>An input could not be read, or (with --strict) it had issues.</summary>
    public const int InputError = 1;

    /// <summary>replay found a divergence of severity error (replay reports unreadable inputs as <see cref="Usage"/>).</summary>
    public const int Divergence = 1;

    /// <summary>Bad command-line usage.</summary>
    public const int Usage = 2;

    /// <summary>compare found a regression beyond the threshold.</summary>
    public const int Regression = 3;
}
