using TraceLab.Replay.Checking;

namespace TraceLab.Replay.Output;

/// <summary>Episodes that could not be judged, by reason, with the first one's location.</summary>
public sealed record UndecidableCount(Undecidable Reason, long Count, string File, long FirstLine);
