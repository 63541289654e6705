using System.Globalization;

namespace TraceLab.Analysis.Tests.Support;

/// <summary>Runs code under a given current culture (comma decimal separators, non-breaking-space group separators).</summary>
internal static class Cultures
{
    public static readonly string[] Names = ["", "de-DE", "ru-RU"];

    public static string Run(string name, Func<string> action)
    {
        CultureInfo saved = CultureInfo.CurrentCulture;
        CultureInfo savedUi = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(name);
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(name);
            return action();
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
            CultureInfo.CurrentUICulture = savedUi;
        }
    }
}
