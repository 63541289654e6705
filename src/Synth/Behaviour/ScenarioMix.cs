using TraceLab.Synth.Sim;

namespace TraceLab.Synth.Behaviour;

/// <summary>
/// Weighted choice of the next exit. The weights give exit mixes like the real hosts in corpus/public (HLT, timer MSR
/// writes and external interrupts dominate; EPT and MMIO next; IO and CPUID rarer; TDX-only exits rarest).
/// </summary>
internal sealed class ScenarioMix
{
    private readonly Scenario[] _scenarios;
    private readonly int[] _cumulative;

    private ScenarioMix(List<(Scenario Scenario, int Weight)> weights)
    {
        _scenarios = new Scenario[weights.Count];
        _cumulative = new int[weights.Count];
        int sum = 0;
        for (int i = 0; i < weights.Count; i++)
        {
            sum += weights[i].Weight;
            _scenarios[i] = weights[i].Scenario;
            _cumulative[i] = sum;
        }
    }

    public Scenario Next(Rng rng)
    {
        int pick = rng.Below(_cumulative[^1]);
        int i = 0;
        while (_cumulative[i] <= pick)
        {
            i++;
        }

        return _scenarios[i];
    }

    public static ScenarioMix ForTdx() => new(
    [
        (Scenario.ExternalInterrupt, 180), (Scenario.Hlt, 140), (Scenario.MsrWriteTscDeadline, 150),
        (Scenario.MsrWriteIcr, 60), (Scenario.MsrRead, 20), (Scenario.Cpuid, 25), (Scenario.EptViolation, 80),
        (Scenario.EptViolationShared, 15), (Scenario.MmioFastWrite, 60), (Scenario.MmioUserWrite, 20),
        (Scenario.MmioUserRead, 25), (Scenario.IoOutUser, 30), (Scenario.IoInUser, 20), (Scenario.MapGpa, 8),
        (Scenario.GetQuote, 1), (Scenario.TdcallInKernel, 2), (Scenario.OtherSmi, 1), (Scenario.SignalKick, 3),
    ]);

    /// <summary>VMX mix; 2.6-era kernels lack the preemption timer, PLE and EPT-misconfig MMIO, so those are left out.</summary>
    public static ScenarioMix ForVmx(bool legacy26)
    {
        var weights = new List<(Scenario, int)>
        {
            (Scenario.ExternalInterrupt, 150), (Scenario.Hlt, 140), (Scenario.MsrWriteTscDeadline, 140),
            (Scenario.MsrWriteIcr, 50), (Scenario.MsrRead, 20), (Scenario.Cpuid, 20), (Scenario.EptViolation, 60),
            (Scenario.ApicAccess, 30), (Scenario.IoOutUser, 25), (Scenario.IoInUser, 15), (Scenario.IoOutKernel, 15),
            (Scenario.IoInKernel, 10), (Scenario.Vmcall, 5), (Scenario.SignalKick, 3),
        };
        if (!legacy26)
        {
            weights.AddRange(
            [
                (Scenario.PreemptionTimer, 25), (Scenario.PreemptionTimerFastpath, 35), (Scenario.MmioFastWrite, 40),
                (Scenario.MmioUserWrite, 15), (Scenario.MmioUserRead, 15), (Scenario.Pause, 20),
            ]);
        }

        return new ScenarioMix(weights);
    }
}
