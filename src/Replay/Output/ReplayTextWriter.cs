using System.Globalization;
using TraceLab.Replay.Checking;

namespace TraceLab.Replay.Output;

/// <summary>
/// The human form of a <see cref="ReplayReport"/>: a summary, the rules that fired, up to
/// <see cref="PerRule"/> divergences of each rule as <c>file:line: severity rule: message</c> (the form editors
/// and CI logs link), the VM decisions and the TDVMCALL leaf breakdown.
/// </summary>
public static class ReplayTextWriter
{
    public const int PerRule = 10;

    public static void Write(ReplayReport report, TextWriter output)
    {
        CultureInfo inv = CultureInfo.InvariantCulture;
        long undecidable = report.Undecidable.Sum(u => u.Count);
        output.WriteLine(string.Create(inv,
            $"replay ({report.Mode}, kernel {KernelProfileNames.Of(report.Kernel)}): {report.Episodes:N0} episodes, {report.Decided:N0} judged, {undecidable:N0} undecidable; {report.DivergenceCount:N0} divergences"));
        foreach (UndecidableCount u in report.Undecidable)
        {
            output.WriteLine(string.Create(inv, $"  undecidable: {u.Count:N0} — {UndecidableText.Of(u.Reason)} (first at {u.File}:{u.FirstLine})"));
        }

        foreach (VmSummary vm in report.Vms)
        {
            output.WriteLine(string.Create(inv, $"  vm {vm.Vm} ({vm.Store}): {vm.Mode.ToString().ToUpperInvariant()}, {vm.Episodes:N0} episodes — {vm.Why}"));
        }

        if (report.Rules.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("rules:");
            foreach ((string rule, long count) in report.Rules)
            {
                Rule r = RuleCatalog.Get(rule);
                output.WriteLine(string.Create(inv, $"  {ReplayJsonWriter.SeverityName(r.Severity),-7} {rule,-36} {count,9:N0}  {r.Title} ({r.Spec})"));
            }

            output.WriteLine();
            foreach (IGrouping<string, Divergence> group in report.Divergences.GroupBy(d => d.Rule))
            {
                foreach (Divergence d in group.Take(PerRule))
                {
                    output.WriteLine(string.Create(inv,
                        $"{d.File}:{d.EventLine}: {ReplayJsonWriter.SeverityName(d.Severity)} {d.Rule}: vm {d.Vm} vcpu {d.Vcpu} tid {d.Tid}, episode at line {d.Line}: {d.Message}"));
                    output.WriteLine($"    expected: {d.Expected}");
                    output.WriteLine($"    observed: {d.Observed}");
                }
            }
        }

        if (report.Leaves.Count > 0)
        {
            output.WriteLine();
            output.WriteLine(string.Create(inv, $"{"TDVMCALL leaf",-44} {"count",10} {"p50",12} {"p99",12}  ({report.TimeUnit}, exit to kvm_entry)"));
            foreach (LeafSummary leaf in report.Leaves)
            {
                output.WriteLine(string.Create(inv, $"{leaf.Leaf,-44} {leaf.Count,10:N0} {leaf.P50Ns,12:N0} {leaf.P99Ns,12:N0}"));
            }
        }
    }
}
