using System.Globalization;
using System.Text;
using TraceLab.Store.Kvm;

namespace TraceLab.Ingest.Pairing;

/// <summary>
/// The display name of an exit reason: the kernel's spelling of the full reason (spec §1.1), except that a hex basic
/// reason with a uapi name gets that name (<c>OTHER_SMI</c> for <c>0x6</c>, as the issue asks). So
/// <c>INVALID_STATE FAILED_VMENTRY</c>, <c>TDCALL 0x4000000</c>, <c>0xffff FAILED_VMENTRY 0x7fff0000</c>, <c>npf</c>.
/// </summary>
internal static class ExitReasonNames
{
    public static string Name(long code, Isa isa)
    {
        uint full = unchecked((uint)code);
        if (isa == Isa.Svm)
        {
            return SvmExitReasons.NameOf(full) ?? Hex(full);
        }

        uint basic = full & 0xFFFF;
        uint flags = full & 0xFFFF_0000;
        var sb = new StringBuilder(VmxExitReasons.NameOf(basic) ?? Hex(basic));
        if ((flags & VmxExitReasons.FailedVmentryFlag) != 0)
        {
            sb.Append(" FAILED_VMENTRY");
            flags &= ~VmxExitReasons.FailedVmentryFlag;
        }

        if (flags != 0)
        {
            sb.Append(' ').Append(Hex(flags));
        }

        return sb.ToString();
    }

    private static string Hex(uint value) => "0x" + value.ToString("x", CultureInfo.InvariantCulture);
}
