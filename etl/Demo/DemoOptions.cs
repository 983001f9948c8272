namespace Warehouse.Etl.Demo;

/// <summary>Size, seed and period of the generated demo data set.</summary>
public sealed record DemoOptions
{
    public int Seed { get; init; } = 20261125;

    /// <summary>1.0 = about 100,000 orders; the demo uses 0.05 (about 5,000 orders).</summary>
    public double Scale { get; init; } = 0.05;

    public DateOnly FirstDay { get; init; } = new(2025, 1, 1);

    public DateOnly LastDay { get; init; } = new(2026, 10, 31);
}

/// <summary>Records written per stream.</summary>
public sealed record DemoSummary(IReadOnlyDictionary<string, long> RecordsPerStream);
