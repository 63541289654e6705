using TraceLab.Replay.Model;

namespace TraceLab.Replay.Output;

/// <summary>The spelling of <see cref="KernelProfile"/> on the command line and in reports.</summary>
public static class KernelProfileNames
{
    public static string Of(KernelProfile profile) => profile == KernelProfile.Linux616 ? "linux-6.16" : "latest";

    public static bool TryParse(string text, out KernelProfile profile)
    {
        (bool ok, profile) = text switch
        {
            "latest" => (true, KernelProfile.Latest),
            "linux-6.16" or "6.16" => (true, KernelProfile.Linux616),
            _ => (false, KernelProfile.Latest),
        };
        return ok;
    }
}
