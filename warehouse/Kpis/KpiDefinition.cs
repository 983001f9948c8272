namespace Warehouse.Kpis;

/// <summary>
/// One KPI of the catalogue: its meaning and the SQL it is computed from. The definition is written
/// once in portable SQL; <see cref="KpiViewRenderer"/> turns it into a view for each engine.
/// </summary>
/// <remarks>
/// <see cref="Base"/> is a single SELECT (no WITH; derived tables are fine) returning one row per
/// counted unit with a <c>date_key</c> (the day the unit falls in), the columns named by its
/// slices, and the measure columns that <see cref="Numerator"/> and <see cref="Denominator"/>
/// aggregate. Aggregates are evaluated per period and slice, so distinct counts stay correct at
/// every grain.
/// </remarks>
public sealed record KpiDefinition
{
    public required string Code { get; init; }
    public required string Name { get; init; }
    public required string Description { get; init; }
    public required KpiArea Area { get; init; }
    public required KpiUnit Unit { get; init; }
    public required KpiDirection Direction { get; init; }

    /// <summary>Facts the KPI reads (documentation and lineage).</summary>
    public required IReadOnlyList<string> Facts { get; init; }

    /// <summary>Aggregate over the base rows, e.g. <c>SUM(net_revenue)</c>.</summary>
    public required string Numerator { get; init; }

    /// <summary>Aggregate over the base rows, e.g. <c>COUNT(DISTINCT order_id)</c>; null for a count, whose value is the numerator.</summary>
    public required string? Denominator { get; init; }

    /// <summary>value = numerator / denominator × scale (100 for percentages). No denominator: no value.</summary>
    public double Scale { get; init; } = 1;

    public required Func<KpiContext, string> Base { get; init; }

    public IReadOnlyList<KpiSlice> Slices { get; init; } = [];

    public IReadOnlyList<KpiGrain> Grains { get; init; } = [KpiGrain.Month, KpiGrain.Week, KpiGrain.Day];

    /// <summary>Further named aggregates shown beside the value (counts, alternative measures).</summary>
    public IReadOnlyList<(string Column, string Aggregate)> Extras { get; init; } = [];

    /// <summary>Medians shown beside the value: (column, base measure). NULL measures are left out.</summary>
    public IReadOnlyList<(string Column, string Measure)> Medians { get; init; } = [];

    /// <summary>Groups with fewer answers than this show no figures at all (anonymity of small groups).</summary>
    public Func<KpiContext, int>? MinimumGroupSize { get; init; }

    /// <summary>Named SQL terms that depend on settings, written {name} in the numerator, denominator and extras.</summary>
    public Func<KpiContext, IReadOnlyDictionary<string, string>>? Terms { get; init; }

    /// <summary>The common variant of the definition, where the catalogue implements only the default.</summary>
    public string? Variant { get; init; }

    /// <summary>What a sum over several periods' rows means (docs/bi.md); most KPIs count each unit in one period only.</summary>
    public string AcrossPeriods { get; init; } = "adds up";

    /// <summary>The rows of two periods cannot be summed at all (running figures, customers counted in each period): a measure shows one period only.</summary>
    public bool OnePeriodOnly { get; init; }

    /// <summary>
    /// A period's figure depends on facts dated later (a lead counts as converted by a later order): the KPI
    /// refresh computes every period of it again, not only those from the earliest changed date on.
    /// </summary>
    public bool LaterFactsChangeEarlierPeriods { get; init; }

    public string ViewName => Code;
}
