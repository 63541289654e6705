namespace TraceLab.Store.Tests;

/// <summary>
/// Seeded generators for the column shapes a KVM trace produces (and some hostile ones). Values are made here,
/// independently of the encoder, and compared element-wise after a round trip.
/// </summary>
public static class ColumnShapes
{
    public static readonly string[] Names =
    [
        "constant", "constant-min", "constant-max", "increment", "timestamps", "timestamps-with-gaps", "small-range",
        "alternating-extremes", "min-max-mixed", "negative-deltas", "random-64", "few-distinct-wide", "runs",
        "sparse-minus-one", "descending", "zero-one", "us-timestamps", "us-latency-with-sentinel", "page-addresses",
        "companion-rows", "mixed-magnitude", "mostly-minus-one", "minus-one-at-block-edges", "rare-flags",
    ];

    public static long[] Make(string shape, int count, int seed)
    {
        var random = new Random(seed);
        var values = new long[count];
        switch (shape)
        {
            case "constant":
                Array.Fill(values, 42);
                break;
            case "constant-min":
                Array.Fill(values, long.MinValue);
                break;
            case "constant-max":
                Array.Fill(values, long.MaxValue);
                break;
            case "increment":
                for (int i = 0; i < count; i++)
                {
                    values[i] = 1_000_000 + i;
                }

                break;
            case "timestamps":
                long t = 24_006_249_294_000;
                for (int i = 0; i < count; i++)
                {
                    t += random.Next(0, 5_000);
                    values[i] = t;
                }

                break;
            case "timestamps-with-gaps":
                long u = 1_242_099_187_000;
                for (int i = 0; i < count; i++)
                {
                    u += random.Next(100) == 0 ? random.NextInt64(1, 50_000_000) : random.Next(0, 3_000);
                    values[i] = u;
                }

                break;
            case "small-range":
                for (int i = 0; i < count; i++)
                {
                    values[i] = random.Next(-3, 20);
                }

                break;
            case "alternating-extremes":
                for (int i = 0; i < count; i++)
                {
                    values[i] = i % 2 == 0 ? long.MinValue : long.MaxValue;
                }

                break;
            case "min-max-mixed":
                long[] edges = [long.MinValue, long.MaxValue, 0, -1, 1, long.MinValue + 1, long.MaxValue - 1];
                for (int i = 0; i < count; i++)
                {
                    values[i] = edges[random.Next(edges.Length)];
                }

                break;
            case "negative-deltas":
                long v = 0;
                for (int i = 0; i < count; i++)
                {
                    v -= random.Next(0, 100);
                    values[i] = v;
                }

                break;
            case "random-64":
                for (int i = 0; i < count; i++)
                {
                    values[i] = random.NextInt64(long.MinValue, long.MaxValue);
                }

                break;
            case "few-distinct-wide":
                long[] rips = [unchecked((long)0xffffffffa13f2e30), unchecked((long)0xffffffffa0360413), 0x7f3121800000, unchecked((long)0xffffffffa00db918), 0x400000];
                for (int i = 0; i < count; i++)
                {
                    values[i] = rips[random.Next(rips.Length)];
                }

                break;
            case "runs":
                long r = 0;
                for (int i = 0; i < count; i++)
                {
                    if (random.Next(50) == 0)
                    {
                        r = random.NextInt64(-1_000_000_000_000, 1_000_000_000_000);
                    }

                    values[i] = r;
                }

                break;
            case "sparse-minus-one":
                for (int i = 0; i < count; i++)
                {
                    values[i] = random.Next(20) == 0 ? -1 : (i * 2) + 7_000_000;
                }

                break;
            case "descending":
                for (int i = 0; i < count; i++)
                {
                    values[i] = long.MaxValue - (3L * i);
                }

                break;
            case "zero-one":
                for (int i = 0; i < count; i++)
                {
                    values[i] = random.Next(2);
                }

                break;
            case "us-timestamps":
                long w = 24_006_249_294_000;
                for (int i = 0; i < count; i++)
                {
                    w += 1000L * random.Next(0, 200);
                    values[i] = w;
                }

                break;
            case "us-latency-with-sentinel":
                for (int i = 0; i < count; i++)
                {
                    values[i] = random.Next(300) == 0 ? -1 : 1000L * random.Next(1, 100_000);
                }

                break;
            case "page-addresses":
                for (int i = 0; i < count; i++)
                {
                    values[i] = 0x7f31_2180_0000 + (4096L * random.Next(0, 1 << 20));
                }

                break;
            case "companion-rows":
                // exits.companion_first: increasing event rows, -1 for the exits with no companion events.
                long row = 5;
                for (int i = 0; i < count; i++)
                {
                    row += random.Next(1, 9);
                    values[i] = random.Next(5) == 0 ? -1 : row;
                }

                break;
            case "mixed-magnitude":
                // events.a0: small per-kind enums, a 48-bit guest physical address for page faults, 25-bit MMIO data.
                for (int i = 0; i < count; i++)
                {
                    int pick = random.Next(20);
                    values[i] = pick < 2 ? random.NextInt64(1L << 32, 1L << 48) : pick == 2 ? random.Next(1 << 25) : random.Next(8);
                }

                break;
            case "mostly-minus-one":
                for (int i = 0; i < count; i++)
                {
                    values[i] = random.Next(10) == 0 ? random.NextInt64(1L << 40) : -1;
                }

                break;
            case "minus-one-at-block-edges":
                // -1 on the first and last row of every 128-row block (and of every 64-row bitmap word).
                for (int i = 0; i < count; i++)
                {
                    values[i] = i % 64 == 0 || i % 64 == 63 ? -1 : 1_000_000 + (3L * i);
                }

                break;
            case "rare-flags":
                // exits.flags: almost always 0, a rare flag bit.
                for (int i = 0; i < count; i++)
                {
                    values[i] = random.Next(200) == 0 ? 1L << random.Next(6) : 0;
                }

                break;
            default:
                throw new ArgumentException($"Unknown shape '{shape}'.", nameof(shape));
        }

        return values;
    }
}
