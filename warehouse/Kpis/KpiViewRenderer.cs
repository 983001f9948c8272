using System.Globalization;
using System.Text;

namespace Warehouse.Kpis;

/// <summary>
/// Renders a KPI definition to the body of its view. Every KPI view has the same leading columns
/// (kpi_code, grain, period_start, slice_name, slice_value, numerator, denominator, value), followed
/// by the KPI's extras. One row per grain, period and slice value; slice "all" is the total.
/// </summary>
public static partial class KpiViewRenderer
{
    public static readonly IReadOnlyList<string> CommonColumns =
        ["kpi_code", "grain", "period_start", "slice_name", "slice_value", "numerator", "denominator", "value"];

    private static readonly Dictionary<KpiGrain, (string Name, string Column)> GrainColumns = new()
    {
        [KpiGrain.Day] = ("day", "full_date"),
        [KpiGrain.Week] = ("week", "week_start"),
        [KpiGrain.Month] = ("month", "month_start"),
        [KpiGrain.PersianMonth] = ("persian_month", "persian_month_start"),
    };

    /// <summary>
    /// A KPI's grains in this warehouse: its own, and Solar Hijri months when that calendar is on and the KPI's
    /// rows are dated by day (a KPI of monthly snapshots, such as churn, has Gregorian months only).
    /// </summary>
    public static IReadOnlyList<KpiGrain> Grains(KpiDefinition kpi, WarehouseSettings settings) =>
        settings.Calendar == CalendarKind.Persian && kpi.Grains.Contains(KpiGrain.Day) ? [.. kpi.Grains, KpiGrain.PersianMonth] : kpi.Grains;

    public static string Render(KpiDefinition kpi, KpiContext context)
    {
        var (with, branches) = Parts(kpi, context, refresh: false, from: null);
        return with + "\n" + branches;
    }

    /// <summary>
    /// The view's query in two parts, its WITH clause and its branches (a SELECT per grain and slice, as a
    /// UNION ALL). For the KPI refresh (<paramref name="refresh"/>), which computes every branch, the dated
    /// rows are computed once (materialised) and only for days from <paramref name="from"/> on, plus the
    /// unknown date; a branch's periods that start before that day are then incomplete, and the caller keeps
    /// only those from that day on.
    /// </summary>
    public static (string With, string Branches) Parts(KpiDefinition kpi, KpiContext context, bool refresh, DateOnly? from)
    {
        var dialect = context.Dialect;
        var floatType = dialect.FloatType;
        var sql = new StringBuilder();
        // Each grain and slice is one branch over the same rows. Inlined (where the engine would otherwise
        // materialise a shared CTE), a query for one grain and slice computes only its branch. Medians
        // read the rows again per group, so those KPIs keep them materialised.
        var inline = kpi.Medians.Count == 0 || dialect.Median("x") is not null ? dialect.InlineCommonTableExpression : "";
        var dated = refresh ? dialect.MaterializedCommonTableExpression : inline;
        var days = from is null ? "" : $"\n    WHERE d.full_date >= {DateLiteral(from.Value)} OR d.date_key = -1";
        var baseBody = kpi.Base(context).Trim();
        var grains = Grains(kpi, context.Settings);
        var persian = grains.Contains(KpiGrain.PersianMonth) ? ", d.persian_month_start AS period_persian_month" : "";
        var datedBody = $"SELECT b.*, d.full_date AS period_day, d.week_start AS period_week, d.month_start AS period_month{persian}\n" +
                        $"    FROM kpi_base b JOIN dw.dim_date d ON d.date_key = b.date_key{days}";
        sql.Append("WITH kpi_base AS ").Append(refresh ? dialect.InlineCommonTableExpression : inline).Append("(\n").Append(baseBody).Append("\n),\n");
        sql.Append("kpi_dated AS ").Append(dated).Append("(\n    ").Append(datedBody).Append("\n)");

        var terms = kpi.Terms?.Invoke(context) ?? new Dictionary<string, string>();
        string Expand(string text) => terms.Aggregate(text, (t, term) => t.Replace("{" + term.Key + "}", term.Value, StringComparison.Ordinal));
        kpi = kpi with
        {
            Numerator = Expand(kpi.Numerator),
            Denominator = kpi.Denominator is null ? null : Expand(kpi.Denominator),
            Extras = [.. kpi.Extras.Select(e => (e.Column, Expand(e.Aggregate)))],
        };
        var numerator = $"CAST({kpi.Numerator} AS {floatType})";
        var scale = kpi.Scale.ToString("0.0###", CultureInfo.InvariantCulture);
        var denominator = kpi.Denominator is null ? $"CAST(NULL AS {floatType})" : $"CAST({kpi.Denominator} AS {floatType})";
        var value = kpi.Denominator is null
            ? $"{numerator} * {scale}"
            : $"CASE WHEN {kpi.Denominator} = 0 THEN NULL ELSE {numerator} / {denominator} * {scale} END";
        var minimum = kpi.MinimumGroupSize?.Invoke(context);
        string Guard(string expression) => minimum is null ? expression : $"CASE WHEN COUNT(*) < {minimum} THEN NULL ELSE {expression} END";
        numerator = Guard(numerator);
        denominator = Guard(denominator);
        value = Guard(value);
        // Extras are floating point like the numerator: engines type integer sums differently (DuckDB: HUGEINT).
        var extras = string.Concat(kpi.Extras.Select(e => $", {Guard($"CAST({e.Aggregate} AS {floatType})")} AS {dialect.Quote(e.Column)}"));

        var selects = new List<string>();
        foreach (var grain in grains.OrderByDescending(g => g))
        {
            var (grainName, _) = GrainColumns[grain];
            var period = "period_" + grainName;
            IEnumerable<(string Name, string? Column)> slices = [(KpiSlice.AllCode, null), .. kpi.Slices.Select(s => (s.Code, (string?)s.Column))];
            foreach (var (sliceName, column) in slices)
            {
                var sliceValue = column is null ? dialect.Literal(KpiSlice.AllValue) : $"COALESCE(o.{column}, 'Unknown')";
                // By the value shown: a NULL and an 'Unknown' are one slice value, so one row.
                var groupBy = column is null ? period : $"{period}, {sliceValue}";
                var medians = string.Concat(kpi.Medians.Select(m =>
                    $", {(dialect.Median(m.Measure) is { } median ? $"CAST({median} AS {floatType})" : Median(m.Measure, period, column))} AS {dialect.Quote(m.Column)}"));
                selects.Add(
                    $"SELECT {dialect.Literal(kpi.Code)} AS kpi_code, {dialect.Literal(grainName)} AS grain, {period} AS period_start, " +
                    $"{dialect.Literal(sliceName)} AS slice_name, {sliceValue} AS slice_value, " +
                    $"{numerator} AS numerator, {denominator} AS denominator, {value} AS value{extras}{medians}\n" +
                    $"FROM kpi_dated o GROUP BY {groupBy}");
            }
        }

        var branches = string.Join("\nUNION ALL\n", selects);
        if (!refresh || dialect.CommonTableExpressionLeadsInsert) return (sql.ToString(), branches);

        // Where a CTE cannot lead the refresh's INSERT (Synapse), each branch reads the dated rows as a derived table.
        var inlined = "(" + datedBody.Replace("FROM kpi_base b", $"FROM (\n{baseBody}\n) b", StringComparison.Ordinal) + ")";
        return ("", KpiDated().Replace(branches, inlined));
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\bkpi_dated\b")]
    private static partial System.Text.RegularExpressions.Regex KpiDated();

    public static string DateLiteral(DateOnly date) => $"CAST('{date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}' AS DATE)";

    /// <summary>
    /// The median of a measure within the outer group, by row numbers: the middle value, or the mean of
    /// the two middle values. For engines without a median aggregate (SQL Server has PERCENTILE_CONT only
    /// as a window function).
    /// </summary>
    private static string Median(string measure, string period, string? sliceColumn)
    {
        var sameSlice = sliceColumn is null ? "" : $" AND COALESCE(i.{sliceColumn}, 'Unknown') = COALESCE(o.{sliceColumn}, 'Unknown')";
        return $"(SELECT AVG(m.v) FROM (SELECT i.{measure} AS v, ROW_NUMBER() OVER (ORDER BY i.{measure}) AS rn, COUNT(*) OVER () AS cnt " +
               $"FROM kpi_dated i WHERE i.{period} = o.{period}{sameSlice} AND i.{measure} IS NOT NULL) m " +
               $"WHERE m.rn IN (FLOOR((m.cnt + 1) / 2.0), FLOOR((m.cnt + 2) / 2.0)))";
    }
}
