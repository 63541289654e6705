namespace TraceLab.Synth.Model;

/// <summary>
/// The ftrace flag characters an event is printed with. kvm_entry/kvm_exit fire with interrupts off inside
/// vcpu_enter_guest (<c>d....</c>, as the 6.3 sample shows); the rest run in ordinary process context.
/// </summary>
internal enum FlagStyle : byte
{
    Process = 0,
    IrqsOff = 1,
}
