using TraceLab.Replay.Checking;

namespace TraceLab.Replay.Output;

/// <summary>Why an episode is undecidable, in words.</summary>
public static class UndecidableText
{
    public static string Of(Undecidable reason) => reason switch
    {
        Undecidable.LostEvents => "lost events before the episode ended",
        Undecidable.Gap => "non-trace lines before the episode ended",
        Undecidable.RecordingEnded => "the recording ended inside the episode",
        Undecidable.NoEntries => "the capture records no kvm_entry, so no episode shows its end",
        Undecidable.MissingExit => "KVM_RUN ended with no kvm_exit after kvm_entry (VMX): events missing",
        _ => "no model for SVM guests",
    };
}
