using System.Globalization;
using Warehouse.Kpis;
using Warehouse.Kpis.Text;

namespace Warehouse.Jobs.Dashboard;

/// <summary>How a KPI value reads for people, by its unit (shared by the dashboard page and the workbook).</summary>
public static class KpiFormat
{
    public static string Value(double? value, string unit) => value is not { } v ? "–" : Enum.Parse<KpiUnit>(unit) switch
    {
        KpiUnit.Percent => v.ToString("0.0", CultureInfo.InvariantCulture) + " %",
        KpiUnit.Currency => v.ToString("#,##0.00", CultureInfo.InvariantCulture),
        KpiUnit.Number => v.ToString("#,##0", CultureInfo.InvariantCulture),
        KpiUnit.Hours => v.ToString("0.0", CultureInfo.InvariantCulture) + " h",
        KpiUnit.Minutes => v.ToString("0", CultureInfo.InvariantCulture) + " min",
        KpiUnit.Days => v.ToString("0.0", CultureInfo.InvariantCulture) + " d",
        _ => v.ToString("0.00", CultureInfo.InvariantCulture),
    };

    /// <summary>The same reading in a reader's language: the culture's separators, digits and unit names.</summary>
    public static string ValueIn(CultureInfo culture, double? value, string unit)
    {
        if (value is not { } v) return "–";
        var n = culture.NumberFormat;
        var text = Enum.Parse<KpiUnit>(unit) switch
        {
            KpiUnit.Percent => v.ToString("0.0", culture) + " " + n.PercentSymbol,
            KpiUnit.Currency => v.ToString("#,##0.00", culture),
            KpiUnit.Number => v.ToString("#,##0", culture),
            KpiUnit.Hours => v.ToString("0.0", culture) + " " + KpiText.Label("unit.h", culture),
            KpiUnit.Minutes => v.ToString("0", culture) + " " + KpiText.Label("unit.min", culture),
            KpiUnit.Days => v.ToString("0.0", culture) + " " + KpiText.Label("unit.d", culture),
            _ => v.ToString("0.00", culture),
        };
        return KpiText.Digits(text, culture);
    }

    /// <summary>A change in a reader's language: percentages change by points.</summary>
    public static string ChangeIn(CultureInfo culture, double change, string unit) => unit == nameof(KpiUnit.Percent)
        ? KpiText.Digits(Math.Abs(change).ToString("0.0", culture), culture) + " " + KpiText.Label("unit.points", culture)
        : ValueIn(culture, Math.Abs(change), unit);

    /// <summary>A change between two values: percentages change by points.</summary>
    public static string Change(double change, string unit) => unit == nameof(KpiUnit.Percent)
        ? Math.Abs(change).ToString("0.0", CultureInfo.InvariantCulture) + " pts"
        : Value(Math.Abs(change), unit);

    /// <summary>The Excel number format of the same reading.</summary>
    public static string ExcelFormat(string unit) => ExcelFormat(unit, Warehouse.Kpis.Text.KpiText.Culture("en"));

    /// <summary>The Excel number format of a unit, its suffix (h, min, d) in the workbook's language.</summary>
    public static string ExcelFormat(string unit, System.Globalization.CultureInfo culture)
    {
        string Suffix(string key) => "\" " + Warehouse.Kpis.Text.KpiText.Label(key, culture).Replace("\"", "", StringComparison.Ordinal) + "\"";
        return Enum.Parse<KpiUnit>(unit) switch
        {
            KpiUnit.Percent => "0.0\" %\"",
            KpiUnit.Currency => "#,##0.00",
            KpiUnit.Number => "#,##0",
            KpiUnit.Hours => "0.0" + Suffix("unit.h"),
            KpiUnit.Minutes => "0" + Suffix("unit.min"),
            KpiUnit.Days => "0.0" + Suffix("unit.d"),
            _ => "0.00",
        };
    }

    /// <summary>The colour of a status: green on track, amber warning, red critical, grey otherwise (RGB hex).</summary>
    public static string StatusColour(string status) => status switch
    {
        "on track" => "2E7D32",
        "warning" => "F9A825",
        "critical" => "C62828",
        _ => "9E9E9E",
    };
}
