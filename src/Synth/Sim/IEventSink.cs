using TraceLab.Synth.Model;

namespace TraceLab.Synth.Sim;

/// <summary>Receives events in global time order.</summary>
internal interface IEventSink
{
    /// <summary>Consumes one event; returns false to stop the simulation (e.g. the byte target was reached).</summary>
    bool Emit(in SynthEvent e);
}
