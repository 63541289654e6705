using System.Globalization;
using TraceLab.Store.Kvm;

namespace TraceLab.Analysis.Stats;

/// <summary>
/// One number for each way kvm_userspace_exit can end a KVM_RUN (spec §1.1): a KVM_EXIT_* code (≥ 0) as itself,
/// and the errno form as the negated errno (the kernel's own <c>errno &lt; 0</c> value), so <c>reason restart (4)</c>
/// is −4 and <c>reason error (14)</c> is −14. KVM_EXIT codes are never negative, so the two cannot collide.
/// </summary>
public static class UserspaceCode
{
    /// <summary>The code for an errno-form exit whose errno was not recorded (not produced by a kernel).</summary>
    public const long UnknownErrno = int.MinValue;

    private const long Eintr = 4;

    /// <summary>From the exit table's userspace_reason (−1 none, −2 errno form) and userspace_errno; null when the exit did not go to userspace.</summary>
    public static long? FromExitColumns(long userspaceReason, long userspaceErrno) =>
        userspaceReason == -1 ? null : FromEventFields(userspaceReason, userspaceErrno);

    /// <summary>From a UserspaceExit event's A0 (KVM_EXIT code, −1 for the errno form) and A1 (errno).</summary>
    public static long FromEventFields(long exitReason, long errno)
    {
        if (exitReason >= 0)
        {
            return exitReason;
        }

        return errno > 0 ? -errno : UnknownErrno;
    }

    /// <summary>How a code is shown: <c>KVM_EXIT_IO</c>, <c>KVM_EXIT_#57</c>, <c>restart (4)</c>, <c>error (14)</c>.</summary>
    public static string Label(long code)
    {
        if (code >= 0)
        {
            return code <= int.MaxValue
                ? UserspaceExitReasons.DisplayName((int)code)
                : "KVM_EXIT_#" + code.ToString(CultureInfo.InvariantCulture);
        }

        if (code == -Eintr)
        {
            return "restart (4)";
        }

        return code == UnknownErrno ? "error (?)" : "error (" + (-code).ToString(CultureInfo.InvariantCulture) + ")";
    }
}
