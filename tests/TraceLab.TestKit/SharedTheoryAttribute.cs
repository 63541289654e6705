namespace TraceLab.TestKit;

/// <summary>The theory counterpart of <see cref="SharedFactAttribute"/>: skipped with a reason when <c>../shared</c> is missing.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class SharedTheoryAttribute : TheoryAttribute
{
    public SharedTheoryAttribute()
    {
        if (!SharedDir.Exists)
        {
            Skip = SharedFactAttribute.MissingMessage;
        }
    }
}
