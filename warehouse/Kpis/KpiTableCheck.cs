using System.Globalization;
using LinqToDB.Data;
using Warehouse.Engines;

namespace Warehouse.Kpis;

/// <summary>
/// Compares kpi.kpi_value and kpi.kpi_value_extra with what the KPI views compute now: the proof that the
/// refresh wrote every period it had to (bench runs it after its incremental run; the tests after theirs).
/// </summary>
public static class KpiTableCheck
{
    private const string Key = "kpi_code, grain, slice_name, slice_value, period_start";

    /// <summary>Rows in one and not the other (figures to 12 significant digits: engines may sum in another order); empty when they agree.</summary>
    public static async Task<List<string>> DifferencesAsync(WarehouseDatabase database, CancellationToken ct = default)
    {
        var d = database.Dialect;
        var values = $"{Key}, numerator, denominator, value";
        var table = await ReadAsync(database, $"SELECT {values} FROM kpi.kpi_value", ct);
        var views = await ReadAsync(database, string.Join(" UNION ALL ", KpiCatalogue.All.Select(k => $"SELECT {values} FROM {d.QualifiedName("kpi", k.ViewName)}")), ct);
        var extraTable = await ReadAsync(database, $"SELECT {Key}, extra_name, extra_value FROM kpi.kpi_value_extra", ct);
        var extraViews = await ReadAsync(database, string.Join(" UNION ALL ", KpiCatalogue.All.SelectMany(k =>
            k.Extras.Select(e => e.Column).Concat(k.Medians.Select(m => m.Column))
                .Select(e => $"SELECT {Key}, {d.Literal(e)}, {d.Quote(e)} FROM {d.QualifiedName("kpi", k.ViewName)}"))), ct);
        return [.. Difference("table", table, views), .. Difference("views", views, table),
                .. Difference("extra table", extraTable, extraViews), .. Difference("extra views", extraViews, extraTable)];
    }

    public static async Task<long> CountAsync(WarehouseDatabase database, CancellationToken ct = default)
    {
        await using var db = database.Open();
        return await db.ExecuteAsync<long>("SELECT COUNT(*) FROM kpi.kpi_value", ct);
    }

    private static IEnumerable<string> Difference(string label, List<string> a, List<string> b)
    {
        var other = b.GroupBy(x => x).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        foreach (var line in a)
        {
            if (other.TryGetValue(line, out var n) && n > 0) { other[line] = n - 1; continue; }
            yield return $"only in {label}: {line}";
        }
    }

    private static async Task<List<string>> ReadAsync(WarehouseDatabase database, string sql, CancellationToken ct)
    {
        await using var db = database.Open();
        await using var reader = await db.ExecuteReaderAsync(sql, ct);
        var lines = new List<string>();
        while (await reader.Reader!.ReadAsync(ct))
        {
            var cells = new string[reader.Reader.FieldCount];
            for (var i = 0; i < cells.Length; i++)
            {
                var value = reader.Reader.GetValue(i);
                cells[i] = value switch
                {
                    DBNull => "NULL",
                    double x => x.ToString("G12", CultureInfo.InvariantCulture),
                    float x => ((double)x).ToString("G12", CultureInfo.InvariantCulture),
                    DateTime x => x.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    DateOnly x => x.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
                };
            }

            lines.Add(string.Join("|", cells));
        }

        lines.Sort(StringComparer.Ordinal);
        return lines;
    }
}
