using System.Globalization;
using System.Text;
using System.Text.Json;
using Warehouse.Kpis;

namespace Warehouse.Jobs.Commands;

/// <summary>Renders KPI values as a table for people, or as CSV or JSON lines for tools.</summary>
internal static class KpiFormatter
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private static readonly string[] Header = ["KPI", "Name", "Period", "Slice", "Value", "Numerator", "Denominator"];

    /// <summary>Every KPI of the catalogue with its latest period; a KPI whose facts are empty says so.</summary>
    public static string Table(IReadOnlyList<KpiDefinition> catalogue, IReadOnlyList<KpiValue> values)
    {
        var rows = new List<string[]> { Header };
        foreach (var kpi in catalogue)
        {
            var own = values.Where(v => v.Code == kpi.Code).ToList();
            if (own.Count == 0)
            {
                rows.Add([kpi.Code, kpi.Name, "-", "-", "no data", "", ""]);
                continue;
            }

            var latest = own.Max(v => v.PeriodStart);
            foreach (var v in own.Where(v => v.PeriodStart == latest))
            {
                rows.Add([kpi.Code, kpi.Name, PeriodLabel(v.Grain, v.PeriodStart), v.SliceName == KpiSlice.AllCode ? "all" : $"{v.SliceName}={v.SliceValue}",
                    FormatValue(v.Value, kpi.Unit), Number(v.Numerator), Number(v.Denominator)]);
            }
        }

        return TextTable.Render(rows, rightAlignedFrom: 4);
    }

    /// <summary>A Persian month as its Solar Hijri year and month with the Gregorian day it starts on (1404-11 from 2026-01-21); other periods by their first day.</summary>
    private static string PeriodLabel(string grain, DateOnly start)
    {
        if (grain != "persian_month") return start.ToString("yyyy-MM-dd", Invariant);
        var persian = new PersianCalendar();
        var day = start.ToDateTime(TimeOnly.MinValue);
        return string.Create(Invariant, $"{persian.GetYear(day):0000}-{persian.GetMonth(day):00} (from {start:yyyy-MM-dd})");
    }

    public static string Csv(IReadOnlyList<KpiValue> values)
    {
        var text = new StringBuilder("kpi_code,grain,period_start,slice_name,slice_value,numerator,denominator,value\n");
        foreach (var v in values)
        {
            text.Append(CultureInfo.InvariantCulture, $"{v.Code},{v.Grain},{v.PeriodStart:yyyy-MM-dd},{Quote(v.SliceName)},{Quote(v.SliceValue)},{Raw(v.Numerator)},{Raw(v.Denominator)},{Raw(v.Value)}\n");
        }

        return text.ToString();
    }

    /// <summary>One JSON object per line and KPI value.</summary>
    public static string Json(IReadOnlyList<KpiValue> values)
    {
        var text = new StringBuilder();
        foreach (var v in values)
        {
            text.AppendLine(JsonSerializer.Serialize(new
            {
                code = v.Code,
                grain = v.Grain,
                period = v.PeriodStart.ToString("yyyy-MM-dd", Invariant),
                slice = new Dictionary<string, string> { [v.SliceName] = v.SliceValue },
                value = v.Value,
                numerator = v.Numerator,
                denominator = v.Denominator,
            }));
        }

        return text.ToString();
    }

    private static string FormatValue(double? value, KpiUnit unit) => value switch
    {
        null => "n/a",
        double x when unit == KpiUnit.Percent => x.ToString("0.00", Invariant) + " %",
        double x => x.ToString("#,0.00", Invariant),
    };

    private static string Number(double? value) => value?.ToString("#,0.##", Invariant) ?? "";

    private static string Raw(double? value) => value?.ToString("R", Invariant) ?? "";

    private static string Quote(string value) =>
        value.IndexOfAny([',', '"', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
