using TraceLab.Synth.Model;
using TraceLab.Synth.Sim;

namespace TraceLab.Synth.Text;

/// <summary>Consumes events without formatting them (dry runs that only need the event count).</summary>
internal sealed class CountingSink : IEventSink
{
    public bool Emit(in SynthEvent e) => true;
}
