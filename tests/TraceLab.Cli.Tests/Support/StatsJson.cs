using System.Text.Json;

namespace TraceLab.Cli.Tests.Support;

/// <summary>A row's userspace breakdown entry, or a <c>userspace_exits</c> total.</summary>
internal sealed record JsonUserspace(string Reason, long Code, long Count);

/// <summary>One element of <c>reasons</c> (docs/stats.md, JSON).</summary>
internal sealed record JsonRow(
    IReadOnlyList<string> FieldNames, string? Reason, long? Code, string? Access, int? Vm, int? Vcpu, long Count, long Paired,
    long? TotalNs, long? MinNs, long? P50Ns, long? P90Ns, long? P99Ns, long? P999Ns, long? MaxNs, decimal? MeanNs,
    IReadOnlyList<JsonUserspace> Userspace);

internal sealed record JsonVcpu(int Vm, int Vcpu, long Tid, long Exits);

internal sealed record JsonIssueSample(string File, long Line, long Column, string Text);

internal sealed record JsonIssue(string Kind, long Count, IReadOnlyList<JsonIssueSample> Samples);

/// <summary>
/// <c>tracelab stats --json</c> read with <see cref="JsonDocument"/> (not the writer's types): every field the
/// documentation names, with its JSON type checked on the way (integers are integers, nulls are nulls).
/// </summary>
internal sealed record StatsJson(
    IReadOnlyList<string> TopLevelNames, long Events, long Exits, long Entries, string TimeUnit,
    IReadOnlyList<JsonRow> Reasons, IReadOnlyList<JsonVcpu> Vcpus, IReadOnlyList<JsonUserspace> UserspaceExits,
    IReadOnlyList<JsonIssue> Issues)
{
    public static StatsJson Parse(string text)
    {
        using JsonDocument doc = JsonDocument.Parse(text);
        JsonElement root = doc.RootElement;
        Assert.Equal(JsonValueKind.Object, root.ValueKind);
        return new StatsJson(
            root.EnumerateObject().Select(p => p.Name).ToList(),
            Int(root, "events"), Int(root, "exits"), Int(root, "entries"), Str(root, "time_unit")!,
            root.GetProperty("reasons").EnumerateArray().Select(ParseRow).ToList(),
            root.GetProperty("vcpus").EnumerateArray().Select(v => new JsonVcpu((int)Int(v, "vm"), (int)Int(v, "vcpu"), Int(v, "tid"), Int(v, "exits"))).ToList(),
            root.GetProperty("userspace_exits").EnumerateArray().Select(ParseUserspace).ToList(),
            root.GetProperty("issues").EnumerateArray().Select(i => new JsonIssue(Str(i, "kind")!, Int(i, "count"),
                i.GetProperty("samples").EnumerateArray().Select(s => new JsonIssueSample(Str(s, "file")!, Int(s, "line"), Int(s, "column"), Str(s, "text")!)).ToList())).ToList());
    }

    private static JsonRow ParseRow(JsonElement r) => new(
        r.EnumerateObject().Select(p => p.Name).ToList(),
        Str(r, "reason"), NullableInt(r, "code"),
        r.TryGetProperty("access", out _) ? Str(r, "access") : null,
        r.TryGetProperty("vm", out _) ? (int?)NullableInt(r, "vm") : null,
        r.TryGetProperty("vcpu", out _) ? (int?)NullableInt(r, "vcpu") : null,
        Int(r, "count"), Int(r, "paired"),
        NullableInt(r, "total_ns"), NullableInt(r, "min_ns"), NullableInt(r, "p50_ns"), NullableInt(r, "p90_ns"),
        NullableInt(r, "p99_ns"), NullableInt(r, "p999_ns"), NullableInt(r, "max_ns"),
        r.GetProperty("mean_ns").ValueKind == JsonValueKind.Null ? null : r.GetProperty("mean_ns").GetDecimal(),
        r.GetProperty("userspace").EnumerateArray().Select(ParseUserspace).ToList());

    private static JsonUserspace ParseUserspace(JsonElement u) => new(Str(u, "reason")!, Int(u, "code"), Int(u, "count"));

    private static long Int(JsonElement e, string name) =>
        NullableInt(e, name) ?? throw new Xunit.Sdk.XunitException($"JSON field '{name}' is null");

    private static long? NullableInt(JsonElement e, string name)
    {
        JsonElement v = e.GetProperty(name);
        if (v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        Assert.True(v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out _), $"JSON field '{name}' is not an integer: {v.GetRawText()}");
        return v.GetInt64();
    }

    private static string? Str(JsonElement e, string name)
    {
        JsonElement v = e.GetProperty(name);
        if (v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        Assert.Equal(JsonValueKind.String, v.ValueKind);
        return v.GetString();
    }
}
