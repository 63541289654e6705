namespace TraceLab.TestKit;

/// <summary>
/// A fact that needs <c>../shared</c> (the spec and the trace corpus). xunit 2 has no runtime skip, so the
/// attribute decides at discovery time: when the folder is missing the test is reported as skipped with a reason,
/// rather than failing on a developer machine or silently passing.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class SharedFactAttribute : FactAttribute
{
    public const string MissingMessage = "../shared not found: corpus tests skipped (CI has it beside the checkout)";

    public SharedFactAttribute()
    {
        if (!SharedDir.Exists)
        {
            Skip = MissingMessage;
        }
    }
}
