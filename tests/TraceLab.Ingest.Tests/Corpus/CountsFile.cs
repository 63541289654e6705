using System.Globalization;

namespace TraceLab.Ingest.Tests.Corpus;

/// <summary>
/// Reads corpus/real/counts.txt: the event counts per name that the corpus authors computed with awk over each
/// text file (<c>== ftrace.txt (…)</c> followed by <c>    30774 kvm_mmu_paging_element</c> lines).
/// </summary>
public static class CountsFile
{
    public static Dictionary<string, Dictionary<string, long>> Read(string path)
    {
        var files = new Dictionary<string, Dictionary<string, long>>(StringComparer.Ordinal);
        Dictionary<string, long>? current = null;
        foreach (string line in File.ReadLines(path))
        {
            if (line.StartsWith("== ", StringComparison.Ordinal))
            {
                current = new Dictionary<string, long>(StringComparer.Ordinal);
                files[line[3..].Split(' ')[0]] = current;
            }
            else if (current is not null && line.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries) is [string count, string name])
            {
                current[name] = long.Parse(count, CultureInfo.InvariantCulture);
            }
        }

        return files;
    }
}
