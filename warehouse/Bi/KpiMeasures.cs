using System.Globalization;
using Warehouse.Kpis;

namespace Warehouse.Bi;

/// <summary>A KPI as a DAX measure over <c>kpi_value</c>: its expression, format string, display folder and description.</summary>
public sealed record KpiMeasure(string Code, string Name, string Expression, string FormatString, string DisplayFolder, string Description);

/// <summary>
/// One DAX measure per KPI of the catalogue, for the Power BI project and docs/bi.md alike. A ratio is the sum of the
/// numerators over the sum of the denominators of the rows in the filter context, never an average of values; a count
/// is the sum of its numerators. A percentage is returned as a fraction with a percent format; a score keeps its scale.
/// </summary>
public static class KpiMeasures
{
    private const string Table = "'" + StarModel.KpiValue + "'";

    public static IReadOnlyList<KpiMeasure> All { get; } = KpiCatalogue.All.Select(Of).ToList();

    public static KpiMeasure Of(KpiDefinition kpi)
    {
        var filters = $"{Table}[kpi_code] = \"{kpi.Code}\", {Table}[grain] = g, {Table}[slice_name] = \"{KpiSlice.AllCode}\"";
        var multiplier = kpi.Unit == KpiUnit.Percent ? kpi.Scale / 100 : kpi.Scale;
        var times = multiplier == 1 ? "" : " * " + multiplier.ToString(CultureInfo.InvariantCulture);
        string expression;
        if (kpi.OnePeriodOnly)
        {
            var value = kpi.Denominator is null ? $"SUMX(r, {Table}[numerator])" : $"DIVIDE(SUMX(r, {Table}[numerator]), SUMX(r, {Table}[denominator]))";
            expression = $"{Grain}\nVAR r = CALCULATETABLE({Table}, {filters})\nRETURN IF(COUNTROWS(r) = 1, {value}{times})";
        }
        else
        {
            var value = kpi.Denominator is null ? $"SUM({Table}[numerator])" : $"DIVIDE(SUM({Table}[numerator]), SUM({Table}[denominator]))";
            expression = $"{Grain}\nRETURN CALCULATE({value}, {filters}){times}";
        }

        return new KpiMeasure(kpi.Code, kpi.Name, expression, FormatString(kpi), kpi.Area.ToString(), kpi.Description);
    }

    /// <summary>
    /// The grain the measure reads: Solar Hijri months when the report slices by the calendar's Persian columns (a
    /// Gregorian month's value would be counted in the Persian month its first day falls in), Gregorian months otherwise.
    /// </summary>
    private static string Grain =>
        "VAR g = IF(" + string.Join(" || ", new[] { "persian_year", "persian_month", "persian_month_name", "persian_month_start" }.Select(c => $"ISFILTERED('{StarModel.Calendar}'[{c}])")) +
        ", \"persian_month\", \"month\")";

    /// <summary>The format string by unit; literal text is escaped with backslashes, as Excel format strings allow.</summary>
    public static string FormatString(KpiDefinition kpi) => kpi.Unit switch
    {
        KpiUnit.Percent => "0.0%",
        KpiUnit.Currency => "#,0.00",
        KpiUnit.Number => kpi.Denominator is null ? "#,0" : "#,0.00",
        KpiUnit.Ratio => "0.00",
        KpiUnit.Score => "0.0",
        KpiUnit.Hours => @"#,0.0 \h",
        KpiUnit.Minutes => @"#,0.0 \m\i\n",
        KpiUnit.Days => @"#,0.0 \d\a\y\s",
        _ => throw new InvalidOperationException($"No format for {kpi.Unit}."),
    };
}
