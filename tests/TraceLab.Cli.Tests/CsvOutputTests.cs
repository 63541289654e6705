using System.Globalization;
using TraceLab.Cli.Tests.Support;

namespace TraceLab.Cli.Tests;

/// <summary>
/// <c>stats --csv</c> is RFC 4180 (CRLF, quoting only when needed), has the documented header for each grouping
/// and event mode, and carries the same rows as <c>--json</c>.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class CsvOutputTests : IDisposable
{
    private static readonly string[] s_latencyColumns =
        ["count", "paired", "total_ns", "min_ns", "p50_ns", "p90_ns", "p99_ns", "p999_ns", "max_ns", "mean_ns", "userspace"];

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string, string, string> Combinations()
    {
        var data = new TheoryData<string, string, string>();
        foreach (string by in new[] { "reason", "vcpu", "vm", "reason,vcpu" })
        {
            foreach (string evt in new[] { "vmexit", "userspace", "mmio", "ioport", "msr" })
            {
                data.Add(by == "reason,vcpu" ? "vmx-ftrace-small.txt" : "tdx-ftrace-small.txt", by, evt);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Combinations))]
    public async Task Csv_is_rfc4180_with_the_documented_header_and_the_json_rows(string sample, string by, string evt)
    {
        string store = _dir.File("s.tlab");
        await InProcessCli.RunOkAsync("ingest", RepoPaths.Sample(sample), "-o", store, "--quiet");

        CliResult csv = await InProcessCli.RunOkAsync("stats", store, "--csv", "--by", by, "--event", evt);
        CliResult json = await InProcessCli.RunOkAsync("stats", store, "--json", "--by", by, "--event", evt);

        List<string[]> records = Rfc4180.Parse(csv.Out);
        StatsJson expected = StatsJson.Parse(json.Out);

        // reason,code[,access][,vm][,vcpu],count,...,userspace
        var header = new List<string> { "reason", "code" };
        if (evt is "mmio" or "ioport" or "msr")
        {
            header.Add("access");
        }

        if (by != "reason")
        {
            header.Add("vm");
        }

        if (by is "vcpu" or "reason,vcpu")
        {
            header.Add("vcpu");
        }

        header.AddRange(s_latencyColumns);
        Assert.Equal(header, records[0]);
        Assert.Equal(expected.Reasons.Count, records.Count - 1);
        Assert.All(records, r => Assert.Equal(header.Count, r.Length));

        for (int i = 0; i < expected.Reasons.Count; i++)
        {
            JsonRow row = expected.Reasons[i];
            Dictionary<string, string> cells = header.Zip(records[i + 1]).ToDictionary(p => p.First, p => p.Second);
            Assert.Equal(row.Reason ?? "", cells["reason"]);
            Assert.Equal(Text(row.Code), cells["code"]);
            if (cells.TryGetValue("access", out string? access))
            {
                Assert.Equal(row.Access ?? "", access);
            }

            if (cells.TryGetValue("vm", out string? vm))
            {
                Assert.Equal(Text(row.Vm), vm);
            }

            if (cells.TryGetValue("vcpu", out string? vcpu))
            {
                Assert.Equal(Text(row.Vcpu), vcpu);
            }

            Assert.Equal(Text(row.Count), cells["count"]);
            Assert.Equal(Text(row.Paired), cells["paired"]);
            Assert.Equal(Text(row.TotalNs), cells["total_ns"]);
            Assert.Equal(Text(row.MinNs), cells["min_ns"]);
            Assert.Equal(Text(row.P50Ns), cells["p50_ns"]);
            Assert.Equal(Text(row.P90Ns), cells["p90_ns"]);
            Assert.Equal(Text(row.P99Ns), cells["p99_ns"]);
            Assert.Equal(Text(row.P999Ns), cells["p999_ns"]);
            Assert.Equal(Text(row.MaxNs), cells["max_ns"]);
            Assert.Equal(row.MeanNs, cells["mean_ns"].Length == 0 ? null : decimal.Parse(cells["mean_ns"], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture));
            Assert.Equal(string.Join(';', row.Userspace.Select(u => $"{u.Reason}={u.Count}")), cells["userspace"]);
        }
    }

    [Fact]
    public async Task A_reason_with_a_comma_and_quotes_is_quoted_and_parses_back()
    {
        // An unknown exit reason is kept by its printed text (docs/ingest-issues.md), so it reaches the CSV verbatim.
        string trace = _dir.File("weird.txt");
        await File.WriteAllTextAsync(trace,
            "  CPU 0/KVM-7289    [003] d.... 2925.640970: kvm_exit: vcpu 0 reason WEIRD,\"X\" rip 0x22db info1 0x0 info2 0x0 intr_info 0x00000000 error_code 0x00000000\n" +
            "  CPU 0/KVM-7289    [003] d.... 2925.640980: kvm_entry: vcpu 0, rip 0x22da\n");

        CliResult csv = await InProcessCli.RunOkAsync("stats", trace, "--csv");

        Assert.Contains("\"WEIRD,\"\"X\"\"\"", csv.Out, StringComparison.Ordinal);
        List<string[]> records = Rfc4180.Parse(csv.Out);
        Assert.Equal(2, records.Count);
        Assert.Equal("WEIRD,\"X\"", records[1][0]);
        Assert.Equal("1", records[1][Array.IndexOf(records[0], "count")]);
        Assert.Equal("10000", records[1][Array.IndexOf(records[0], "total_ns")]);

        StatsJson json = StatsJson.Parse((await InProcessCli.RunOkAsync("stats", trace, "--json")).Out);
        Assert.Equal("WEIRD,\"X\"", Assert.Single(json.Reasons).Reason);
        Assert.Equal("unknown-exit-reason", Assert.Single(json.Issues).Kind);
    }

    [Fact]
    public async Task Output_does_not_depend_on_the_current_culture()
    {
        string store = _dir.File("s.tlab");
        await InProcessCli.RunOkAsync("ingest", RepoPaths.Sample("tdx-ftrace-small.txt"), "-o", store, "--quiet");
        string[][] options = [["--csv"], ["--json"], []];
        var invariant = new List<string>();
        foreach (string[] o in options)
        {
            invariant.Add((await InProcessCli.RunOkAsync(["stats", store, .. o])).Out);
        }

        CultureInfo saved = CultureInfo.CurrentCulture;
        try
        {
            foreach (string culture in new[] { "de-DE", "ru-RU" })
            {
                CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(culture);
                for (int i = 0; i < options.Length; i++)
                {
                    Assert.Equal(invariant[i], (await InProcessCli.RunOkAsync(["stats", store, .. options[i]])).Out);
                }
            }
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }

        // Means with a fraction are written with a decimal point, never a comma: e.g. EXTERNAL_INTERRUPT (code 1).
        TruthFile truth = TruthFile.Read(RepoPaths.TruthFor(RepoPaths.Sample("tdx-ftrace-small.txt")));
        long[] handled = truth.Exits.Where(e => e.Reason == 1 && e.Paired).Select(e => e.Handling).ToArray();
        decimal mean = Math.Round((decimal)handled.Sum() / handled.Length, 3, MidpointRounding.AwayFromZero);
        Assert.NotEqual(decimal.Truncate(mean), mean);
        Assert.Contains("," + mean.ToString(CultureInfo.InvariantCulture) + ",", invariant[0], StringComparison.Ordinal);
    }

    private static string Text(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";
}
