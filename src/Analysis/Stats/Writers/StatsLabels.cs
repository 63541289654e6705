using System.Globalization;

namespace TraceLab.Analysis.Stats.Writers;

/// <summary>The words the writers share: column headers per mode and how a row's key is shown.</summary>
internal static class StatsLabels
{
    /// <summary>Header of the key column, after perf kvm stat report ("VM-EXIT", "MMIO Access", "IO Port Access").</summary>
    public static string KeyHeader(StatsEvent mode) => mode switch
    {
        StatsEvent.VmExit => "VM-EXIT",
        StatsEvent.Mmio => "MMIO Access",
        StatsEvent.IoPort => "IO Port Access",
        StatsEvent.Msr => "MSR Access",
        _ => "Userspace Exit",
    };

    public static string ModeName(StatsEvent mode) => mode switch
    {
        StatsEvent.VmExit => "vmexit",
        StatsEvent.Mmio => "mmio",
        StatsEvent.IoPort => "ioport",
        StatsEvent.Msr => "msr",
        _ => "userspace",
    };

    /// <summary>How the key of a row reads in running text: its label, then vm/vcpu when grouped by them.</summary>
    public static string Describe(StatsRow row)
    {
        var parts = new List<string>(3);
        if (row.Reason is { } reason)
        {
            parts.Add(reason);
        }

        if (row.Vm is { } vm)
        {
            parts.Add("vm " + vm.ToString(CultureInfo.InvariantCulture));
        }

        if (row.Vcpu is { } vcpu)
        {
            parts.Add("vcpu " + vcpu.ToString(CultureInfo.InvariantCulture));
        }

        return string.Join(' ', parts);
    }

    /// <summary>"KVM_EXIT_IO 383, restart (4) 2".</summary>
    public static string Counts(IReadOnlyList<UserspaceCount> counts, string separator = ", ")
    {
        var parts = new string[counts.Count];
        for (int i = 0; i < counts.Count; i++)
        {
            parts[i] = counts[i].Reason + " " + counts[i].Count.ToString(CultureInfo.InvariantCulture);
        }

        return string.Join(separator, parts);
    }
}
