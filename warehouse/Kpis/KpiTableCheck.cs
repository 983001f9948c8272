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

    /// <summary>Between the cells of a line: a character no slice value holds.</summary>
    private const char Separator = '\u001F';

    /// <summary>Rows in one and not the other (figures to 12 significant digits: engines may sum in another order); empty when they agree.</summary>
    /// <param name="database">The warehouse.</param>
    /// <param name="materialised">
    /// Null: read the KPI views. Else each KPI is computed by its view's query with its dated rows computed once
    /// for every grain and slice (the same rows; on PostgreSQL a view computes each branch apart, which at
    /// scale takes many minutes).
    /// </param>
    /// <param name="ct">Cancels the comparison.</param>
    public static async Task<List<string>> DifferencesAsync(WarehouseDatabase database, KpiContext? materialised = null, CancellationToken ct = default)
    {
        var d = database.Dialect;
        var values = $"{Key}, numerator, denominator, value";
        var table = await ReadAsync(database, $"SELECT {values} FROM kpi.kpi_value", ct);
        var extraTable = await ReadAsync(database, $"SELECT {Key}, extra_name, extra_value FROM kpi.kpi_value_extra", ct);
        List<string> views = [], extraViews = [];
        foreach (var kpi in KpiCatalogue.All)
        {
            string Source(string columns)
            {
                if (materialised is null) return $"SELECT {columns} FROM {d.QualifiedName("kpi", kpi.ViewName)}";
                var (with, branches) = KpiViewRenderer.Parts(kpi, materialised, refresh: true, from: null);
                return $"{with}\nSELECT {columns} FROM (\n{branches}\n) v";
            }

            views.AddRange(await ReadAsync(database, Source(values), ct));
            var extras = kpi.Extras.Select(e => e.Column).Concat(kpi.Medians.Select(m => m.Column)).ToList();
            if (extras.Count == 0) continue;
            var all = await ReadAsync(database, Source($"{Key}, {string.Join(", ", extras.Select(d.Quote))}"), ct);
            // key cells, then one cell per extra: one line per extra.
            foreach (var line in all)
            {
                var cells = line.Split(Separator);
                for (var i = 0; i < extras.Count; i++) extraViews.Add(string.Join(Separator, [.. cells[..5], extras[i], cells[5 + i]]));
            }
        }

        views.Sort(StringComparer.Ordinal);
        extraViews.Sort(StringComparer.Ordinal);
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
            yield return $"only in {label}: {line.Replace(Separator, '|')}";
        }
    }

    private static async Task<List<string>> ReadAsync(WarehouseDatabase database, string sql, CancellationToken ct)
    {
        await using var db = database.Open();
        db.CommandTimeout = 0;
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

            lines.Add(string.Join(Separator, cells));
        }

        lines.Sort(StringComparer.Ordinal);
        return lines;
    }
}
