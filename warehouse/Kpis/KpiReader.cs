using System.Globalization;
using LinqToDB.Data;
using Warehouse.Engines;

namespace Warehouse.Kpis;

/// <summary>Reads KPI values from the published views.</summary>
public static class KpiReader
{
    /// <summary>Values of every KPI at a grain; <paramref name="slice"/> null returns every slice.</summary>
    public static async Task<IReadOnlyList<KpiValue>> ReadAsync(WarehouseDatabase database, string grain = "month", string? slice = KpiSlice.AllCode, string? code = null, CancellationToken ct = default)
    {
        await using var db = database.Open();
        var p = database.Dialect.Parameter;
        var sql = $"SELECT kpi_code, grain, period_start, slice_name, slice_value, numerator, denominator, value FROM kpi.kpi_value WHERE grain = {p("grain")}";
        var parameters = new List<DataParameter> { new("grain", grain) };
        if (slice is not null) { sql += $" AND slice_name = {p("slice")}"; parameters.Add(new("slice", slice)); }
        if (code is not null) { sql += $" AND kpi_code = {p("code")}"; parameters.Add(new("code", code)); }
        sql += " ORDER BY kpi_code, slice_name, slice_value, period_start";
        return await db.QueryToListAsync(Read, sql, ct, [.. parameters]);
    }

    private static KpiValue Read(System.Data.Common.DbDataReader r) => new(
        r.GetString(0), r.GetString(1), ToDate(r.GetValue(2)), r.GetString(3), r.GetString(4),
        ToDouble(r.GetValue(5)), ToDouble(r.GetValue(6)), ToDouble(r.GetValue(7)));

    private static DateOnly ToDate(object value) => value switch
    {
        DateOnly d => d,
        DateTime dt => DateOnly.FromDateTime(dt),
        _ => DateOnly.Parse(Convert.ToString(value, CultureInfo.InvariantCulture)!, CultureInfo.InvariantCulture),
    };

    private static double? ToDouble(object value) => value is DBNull ? null : Convert.ToDouble(value, CultureInfo.InvariantCulture);
}
