using LinqToDB;
using LinqToDB.Async;
using LinqToDB.Data;
using Warehouse.Schema.Dw;

namespace Warehouse.Deployment;

/// <summary>
/// Keeps the date dimension (and the business-hours calendar built on it) covering every day the data needs:
/// Warehouse:CalendarStart and CalendarEnd are the least it holds, and a load with older or later days
/// widens it before its facts are written, so no fact is lost to an inner join on dw.dim_date.
/// </summary>
public static class CalendarCoverage
{
    /// <summary>Widens the calendar to the date keys (yyyymmdd) given; returns the rows added.</summary>
    public static async Task<int> CoverAsync(DataConnection db, WarehouseSettings settings, int firstKey, int lastKey, CancellationToken ct)
    {
        var current = await EffectiveAsync(db, settings, ct);
        var wanted = current.CoveringCalendar(CalendarBuilder.DayOf(firstKey), CalendarBuilder.DayOf(lastKey));
        if (wanted.CalendarStart == current.CalendarStart && wanted.CalendarEnd == current.CalendarEnd) return 0;
        return await ReferenceData.SeedCalendarAsync(db, wanted, ct) + await ReferenceData.SeedBusinessHoursAsync(db, wanted, ct);
    }

    /// <summary>
    /// Widens the calendar to the days of the rows in <paramref name="stagingTables"/> (every <c>*_date_key</c>
    /// column of theirs), before a transform writes facts from them.
    /// </summary>
    public static async Task<int> CoverStagingAsync(DataConnection db, Engines.SqlDialect dialect, WarehouseSettings settings, IEnumerable<string> stagingTables, CancellationToken ct)
    {
        var ranges = new List<string>();
        foreach (var name in stagingTables)
        {
            var table = TableShape.All.Single(t => $"{t.Schema}.{t.Name}" == name);
            foreach (var column in table.Columns.Where(c => c.ColumnName.EndsWith("_date_key", StringComparison.Ordinal)))
            {
                var key = dialect.Quote(column.ColumnName);
                ranges.Add($"SELECT MIN({key}) AS first_key, MAX({key}) AS last_key FROM {dialect.QualifiedName(table.Schema, table.Name)} WHERE {key} > 0");
            }
        }

        if (ranges.Count == 0) return 0;
        var bounds = await db.QueryToListAsync(r => (First: r.IsDBNull(0) ? (int?)null : Convert.ToInt32(r.GetValue(0), System.Globalization.CultureInfo.InvariantCulture),
                Last: r.IsDBNull(1) ? (int?)null : Convert.ToInt32(r.GetValue(1), System.Globalization.CultureInfo.InvariantCulture)),
            $"SELECT MIN(first_key), MAX(last_key) FROM ({string.Join(" UNION ALL ", ranges)}) x", ct);
        var (first, last) = bounds.Single();
        return first is null || last is null ? 0 : await CoverAsync(db, settings, first.Value, last.Value, ct);
    }

    /// <summary>The settings with the calendar range the warehouse already holds (never narrower than configured).</summary>
    internal static async Task<WarehouseSettings> EffectiveAsync(DataConnection db, WarehouseSettings settings, CancellationToken ct)
    {
        var days = db.GetTable<DimDate>().Where(d => d.DateKey > 0);
        var first = await days.MinAsync(d => (int?)d.DateKey, ct);
        var last = await days.MaxAsync(d => (int?)d.DateKey, ct);
        return first is null || last is null ? settings : settings.CoveringCalendar(CalendarBuilder.DayOf(first.Value), CalendarBuilder.DayOf(last.Value));
    }
}
