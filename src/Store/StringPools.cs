namespace TraceLab.Store;

/// <summary>Names of the string pools a TraceLab store carries.</summary>
public static class StringPools
{
    public const string Tasks = "tasks";
    public const string EventNames = "event_names";
    public const string Reasons = "reasons";
    public const string Files = "files";
}
