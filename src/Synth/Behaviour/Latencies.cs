using TraceLab.Synth.Sim;

namespace TraceLab.Synth.Behaviour;

/// <summary>
/// Duration distributions, anchored on corpus/public/INDEX.md: MSR_WRITE ≈ 0.8 µs, CPUID ≈ 1 µs, EXTERNAL_INTERRUPT
/// ≈ 1 µs, IO_INSTRUCTION to userspace 5–6 µs, EPT_VIOLATION 3–5.5 µs (TD: 5.07 µs mean, tdx-anchor-kata), EPT_MISCONFIG
/// 7–17 µs with emulation, HLT averaging milliseconds with tails to 200 ms.
/// </summary>
internal static class Latencies
{
    public static readonly LogNormal GuestRun = new(25_000, 1600, 400, 30_000_000);
    public static readonly LogNormal ShortGuestRun = new(1_800, 500, 500, 10_000);
    public static readonly LogNormal ExternalInterrupt = new(900, 450, 350, 20_000);
    public static readonly LogNormal Msr = new(800, 400, 300, 20_000);
    public static readonly LogNormal Cpuid = new(1_000, 400, 400, 20_000);
    public static readonly LogNormal EptTdx = new(4_300, 500, 1_500, 200_000);
    public static readonly LogNormal EptVmx = new(3_500, 600, 1_000, 200_000);
    public static readonly LogNormal EptFirstTouch = new(6_000, 500, 2_000, 100_000);
    public static readonly LogNormal FastMmio = new(2_000, 500, 600, 50_000);
    public static readonly LogNormal EmulatedMmio = new(7_000, 600, 2_000, 200_000);
    public static readonly LogNormal KernelPio = new(2_500, 500, 800, 50_000);
    public static readonly LogNormal Short = new(1_200, 400, 400, 20_000);
    public static readonly LogNormal UserspaceIo = new(6_000, 700, 2_000, 500_000);
    public static readonly LogNormal UserspaceMmio = new(10_000, 700, 3_000, 1_000_000);
    public static readonly LogNormal UserspaceMapGpa = new(30_000, 900, 5_000, 5_000_000);
    public static readonly LogNormal UserspaceQuote = new(45_000, 800, 10_000, 5_000_000);
    public static readonly LogNormal UserspaceSignal = new(15_000, 1000, 2_000, 5_000_000);
    public static readonly LogNormal HaltShort = new(40_000, 1200, 2_000, 1_000_000);
    public static readonly LogNormal HaltMid = new(1_000_000, 1200, 50_000, 20_000_000);
    public static readonly LogNormal HaltLong = new(4_000_000, 1400, 200_000, 200_000_000);
    public static readonly LogNormal WakeLatency = new(2_500, 600, 600, 100_000);
    public static readonly LogNormal DeviceInterval = new(2_000_000, 1500, 5_000, 100_000_000);
    public static readonly LogNormal TscDeadline = new(1_500_000, 1600, 10_000, 200_000_000);
}
