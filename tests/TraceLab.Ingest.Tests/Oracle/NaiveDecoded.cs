using TraceLab.Store.Kvm;

namespace TraceLab.Ingest.Tests.Oracle;

/// <summary>The decoded payload of one event (A0..A5 as documented in EventColumns).</summary>
public sealed class NaiveDecoded
{
    public static NaiveDecoded NotDecoded { get; } = new() { Status = NaiveDecodeStatus.NotDecoded };

    public static NaiveDecoded Failed { get; } = new() { Status = NaiveDecodeStatus.Failed };

    public NaiveDecodeStatus Status { get; init; }

    /// <summary>A0..A5; null entries are not checked.</summary>
    public long?[] A { get; init; } = new long?[6];

    /// <summary>vCPU id printed in the payload, -1 when none.</summary>
    public int PayloadVcpu { get; init; } = -1;

    /// <summary>kvm_exit only: the reason text as printed (between "reason " and " rip").</summary>
    public string? ReasonText { get; init; }

    /// <summary>kvm_exit only: the ISA the reason's spelling tells, null when it tells nothing (hex-only reason).</summary>
    public Isa? ReasonIsa { get; init; }

    /// <summary>kvm_exit only: true when the reason is in a table (or is hex), so A0's code is known.</summary>
    public bool ReasonKnown { get; init; }
}
