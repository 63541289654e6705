using TraceLab.Replay.Model;

namespace TraceLab.Replay.Checking;

/// <summary>What replay concluded about one episode.</summary>
public readonly record struct EpisodeVerdict(Outcome? Matched, Undecidable? Undecidable, long? LatencyNs, int Divergences)
{
    public static EpisodeVerdict Cannot(Undecidable why) => new(null, why, null, 0);
}
