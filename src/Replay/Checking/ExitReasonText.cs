using System.Globalization;
using TraceLab.Store.Kvm;

namespace TraceLab.Replay.Checking;

/// <summary>An exit reason for messages: the kernel's name with the flag bits, and the number (<c>OTHER_SMI (0x6)</c>).</summary>
public static class ExitReasonText
{
    public static string Of(long code)
    {
        if (code is < 0 or > uint.MaxValue)
        {
            return "(unknown name)";
        }

        uint full = (uint)code;
        if (full == VmxExitReasons.TdxInvalid)
        {
            return "0xffff FAILED_VMENTRY 0x7fff0000";
        }

        string name = VmxExitReasons.NameOf(full) ?? "?";
        string flags = (full & 0xFFFF_0000) == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $" flags 0x{full & 0xFFFF_0000:x}");
        return string.Create(CultureInfo.InvariantCulture, $"{name} (0x{full & 0xFFFF:x}){flags}");
    }
}
