namespace TraceLab.Synth.Truth;

/// <summary>
/// An episode the generator made diverge on purpose (<see cref="SynthOptions.Inject"/>): replay reports it once, under
/// <see cref="Rule"/>, with <c>event_line</c> = <see cref="Line"/>.
/// </summary>
/// <param name="Kind">What was injected.</param>
/// <param name="Line">1-based output line of the offending event (header lines included), as replay's <c>event_line</c>.</param>
/// <param name="Vm">VM index.</param>
/// <param name="Vcpu">vcpu_id.</param>
/// <param name="Tid">Thread id of the vCPU.</param>
public readonly record struct InjectedDivergence(DivergenceKind Kind, long Line, int Vm, int Vcpu, int Tid)
{
    /// <summary>The replay rule id (<c>tdx.msmi-resumed</c>, …).</summary>
    public string Rule => DivergenceKinds.RuleId(Kind);
}
