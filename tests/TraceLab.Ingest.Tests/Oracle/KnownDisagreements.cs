using System.Text.RegularExpressions;

namespace TraceLab.Ingest.Tests.Oracle;

/// <summary>
/// The ingest bugs reported to the lead that the corpus triggers. Remove an entry when its bug is fixed (the
/// differential test prints which entries no longer match anything).
/// </summary>
public static class KnownDisagreements
{
    public static IReadOnlyList<KnownDisagreement> All { get; } =
    [
        new("B1: kvm_exit info/info1/info2 are not decoded when trace-cmd prints a symbol after the rip",
            ["Exit.a2", "Exit.a3", "exit.info1", "exit.info2"], new Regex(@" rip 0x[0-9a-f]+ \S+\+0x[0-9a-f]+ info ", RegexOptions.None, TimeSpan.FromSeconds(1))),
        new("B2: kvm_emulate_insn's ' FAIL' suffix is counted as instruction bytes (length 3 instead of 2)",
            ["EmulateInsn.a2"], new Regex(@" FAIL$", RegexOptions.None, TimeSpan.FromSeconds(1))),
        new("B3: kvm_halt_poll_ns '(shrink N)' loses the old value N (A3 = 0)",
            ["HaltPollNs.a3"], new Regex(@"\(shrink \d+\)$", RegexOptions.None, TimeSpan.FromSeconds(1))),
        new("B4: trace-cmd's '<file>.dat: cpus=N' header of a multi-file report is an unrecognized line and a gap",
            ["row-for-non-event"], new Regex(@"^\s*\S+\.dat: cpus=\d+$", RegexOptions.None, TimeSpan.FromSeconds(1))),
    ];
}
