namespace TraceLab.Store.Kvm;

/// <summary>
/// The instruction-set family of an exit, as kvm_exit's hidden <c>isa</c> field (spec §1.1: 1 = VMX, 2 = SVM).
/// The text form does not print it; the parser infers it from the reason's spelling (VMX upper case, SVM lower case).
/// </summary>
public enum Isa : byte
{
    /// <summary>Not known: a hex-only reason such as <c>0x6</c> with no other tell.</summary>
    Unknown = 0,

    /// <summary>Intel VMX (and TDX, which always traces with isa = VMX, spec §1.1).</summary>
    Vmx = 1,

    /// <summary>AMD SVM.</summary>
    Svm = 2,
}
