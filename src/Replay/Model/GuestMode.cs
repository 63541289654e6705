namespace TraceLab.Replay.Model;

/// <summary>Which exit handler a VM's exits go through: KVM's TDX handler (spec §3–§10) or its VMX handler (§11).</summary>
public enum GuestMode
{
    /// <summary>A trust domain: <c>tdx_handle_exit</c>.</summary>
    Tdx,

    /// <summary>An ordinary VMX guest: <c>vmx_handle_exit</c>.</summary>
    Vmx,

    /// <summary>An AMD SVM guest: no model; its episodes are counted, not checked.</summary>
    Svm,
}
