using System.Data.Common;
using System.Text.Json;
using DuckDB.NET.Data;
using Serilog;
using Warehouse.Engines;
using Warehouse.Views;

namespace Warehouse.Jobs.Export;

/// <summary>
/// The star for a lakehouse (Fabric OneLake, Databricks, Spark, Trino): every <c>bi</c> view and the KPI results
/// as Parquet files (zstd) written by DuckDB's own writer, facts in <c>month=YYYY-MM/</c> folders, and a
/// <c>manifest.json</c> with each one's rows and files. Rows stream from whichever engine holds the warehouse
/// through DuckDB's appender into a scratch database on disk, so no table is held in memory.
/// </summary>
public static class ParquetExport
{
    public const string ManifestName = "manifest.json";

    public static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>One exported view or table: where it came from, its rows and files, and how it is partitioned.</summary>
    public sealed record Entry(string Name, string Source, long Rows, string? PartitionedBy, IReadOnlyList<string> Files);

    public sealed record Manifest(DateTime ExportedAt, string Engine, int SchemaVersion, IReadOnlyList<Entry> Tables);

    /// <summary>What is exported: name, source (schema.view) and, for facts, the date key the month comes from.</summary>
    public static IReadOnlyList<(string Name, string Source, string? DateKey)> Sources { get; } =
    [
        .. BiViews.Tables.Select(t => (BiViews.FriendlyName(t.Name), $"bi.{BiViews.FriendlyName(t.Name)}",
            t.IsFact ? BiViews.Columns(t).First(c => c.ColumnName.EndsWith("date_key", StringComparison.Ordinal)).ColumnName : null)),
        ("customer_360", "bi.customer_360", null),
        ("kpi_value", "kpi.kpi_value", null),
        ("kpi_value_extra", "kpi.kpi_value_extra", null),
    ];

    public static async Task<Manifest> WriteAsync(WarehouseDatabase database, string folder, CancellationToken ct)
    {
        // The folder goes into DuckDB's COPY as a literal: refuse what could end it rather than escape it.
        var target = Path.GetFullPath(folder);
        if (target.IndexOfAny(['\'', '\0']) >= 0) throw new ArgumentException($"The export folder may not contain a quote or NUL: {folder}");
        Directory.CreateDirectory(target);
        var scratch = Path.Combine(target, $".export-{Guid.NewGuid():N}.duckdb");
        var entries = new List<Entry>();
        try
        {
            await using var duck = new DuckDBConnection($"Data Source={scratch};memory_limit={WarehouseDatabase.DuckDbMemoryLimit};preserve_insertion_order=false");
            await duck.OpenAsync(ct);
            await using var warehouse = database.Open();
            foreach (var (name, source, dateKey) in Sources)
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                var rows = await CopyIntoScratchAsync(await warehouse.OpenDbConnectionAsync(ct), duck, source, name, ct);
                var files = await WriteParquetAsync(duck, name, dateKey, target, rows, ct);
                entries.Add(new Entry(name, source, rows, dateKey is null ? null : "month", files));
                Log.Information("Exported {Source}: {Rows} rows in {Files} Parquet files in {Seconds:0.0} s", source, rows, files.Count, clock.Elapsed.TotalSeconds);
            }
        }
        finally
        {
            File.Delete(scratch);
            File.Delete(scratch + ".wal");
        }

        var manifest = new Manifest(DateTime.UtcNow, database.Engine.ToString(), Schema.WarehouseTables.SchemaVersion, entries);
        var text = JsonSerializer.Serialize(manifest, JsonOptions);
        await File.WriteAllTextAsync(Path.Combine(target, ManifestName), text, ct);
        return manifest;
    }

    /// <summary>Streams one view from the warehouse into a scratch table of the same columns; returns the rows copied.</summary>
    private static async Task<long> CopyIntoScratchAsync(DbConnection warehouse, DuckDBConnection duck, string source, string name, CancellationToken ct)
    {
        await using var command = warehouse.CreateCommand();
        command.CommandText = $"SELECT * FROM {source}";
        await using var reader = await command.ExecuteReaderAsync(ct);
        var columns = reader.GetColumnSchema();
        var definitions = string.Join(", ", columns.Select(c => $"\"{c.ColumnName}\" {DuckDbType(c)}"));
        await ExecuteAsync(duck, $"CREATE OR REPLACE TABLE \"{name}\" ({definitions})", ct);
        var scales = columns.Select(c => c.NumericScale is > 0 and <= 18 ? c.NumericScale.Value : 4).ToArray();
        long rows = 0;
        using (var appender = duck.CreateAppender(name))
        {
            while (await reader.ReadAsync(ct))
            {
                var row = appender.CreateRow();
                for (var i = 0; i < columns.Count; i++) row = Append(row, reader.IsDBNull(i) ? null : reader.GetValue(i), scales[i]);
                row.EndRow();
                rows++;
            }
        }

        return rows;
    }

    /// <summary>Writes a scratch table as Parquet (facts by month), checks the writer's count, then drops the table.</summary>
    private static async Task<IReadOnlyList<string>> WriteParquetAsync(DuckDBConnection duck, string name, string? dateKey, string target, long rows, CancellationToken ct)
    {
        var folder = Path.Combine(target, name);
        // A re-run replaces the export: the folder and file are the export's own, named after the view.
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        File.Delete(folder + ".parquet");
        long written;
        if (dateKey is null)
        {
            written = await ExecuteAsync(duck, $"COPY \"{name}\" TO '{folder}.parquet' (FORMAT parquet, COMPRESSION zstd)", ct);
        }
        else
        {
            // The unknown date (-1) has no month: its rows go to month=unknown, so none is left out.
            var month = $"CASE WHEN \"{dateKey}\" > 0 THEN printf('%04d-%02d', \"{dateKey}\" // 10000, (\"{dateKey}\" // 100) % 100) ELSE 'unknown' END";
            written = await ExecuteAsync(duck,
                $"COPY (SELECT *, {month} AS month FROM \"{name}\") TO '{folder}' (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (month))", ct);
        }

        if (written != rows) throw new InvalidOperationException($"The Parquet writer wrote {written} rows of {name}, not the {rows} read.");
        await ExecuteAsync(duck, $"DROP TABLE \"{name}\"", ct);
        IEnumerable<string> files = dateKey is null
            ? [folder + ".parquet"]
            : Directory.EnumerateFiles(folder, "*.parquet", SearchOption.AllDirectories).Order(StringComparer.Ordinal);
        return [.. files.Select(f => Path.GetRelativePath(target, f).Replace('\\', '/'))];
    }

    private static async Task<long> ExecuteAsync(DuckDBConnection duck, string sql, CancellationToken ct)
    {
        await using var command = duck.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The DuckDB type for a column as the warehouse's driver reports it.</summary>
    private static string DuckDbType(DbColumn column)
    {
        var type = Nullable.GetUnderlyingType(column.DataType!) ?? column.DataType!;
        if (type == typeof(string)) return "VARCHAR";
        if (type == typeof(int)) return "INTEGER";
        if (type == typeof(long)) return "BIGINT";
        if (type == typeof(short) || type == typeof(byte) || type == typeof(sbyte)) return "SMALLINT";
        if (type == typeof(bool)) return "BOOLEAN";
        if (type == typeof(double) || type == typeof(float)) return "DOUBLE";
        if (type == typeof(decimal))
        {
            return column.NumericPrecision is > 0 and <= 38 && column.NumericScale is >= 0 and <= 18
                ? $"DECIMAL({column.NumericPrecision},{Math.Min(column.NumericScale.Value, column.NumericPrecision.Value)})"
                : "DECIMAL(38,4)";
        }

        if (type == typeof(DateTime)) return "TIMESTAMP";
        if (type == typeof(DateOnly)) return "DATE";
        if (type == typeof(System.Numerics.BigInteger)) return "HUGEINT";
        throw new NotSupportedException($"No Parquet export for column {column.ColumnName} of type {type.Name}.");
    }

    private static IDuckDBAppenderRow Append(IDuckDBAppenderRow row, object? value, int scale) => value switch
    {
        null => row.AppendNullValue(),
        string s => row.AppendValue(s),
        int i => row.AppendValue(i),
        long l => row.AppendValue(l),
        short h => row.AppendValue(h),
        byte b => row.AppendValue((short)b),
        bool f => row.AppendValue(f),
        double d => row.AppendValue(d),
        float g => row.AppendValue((double)g),
        // The appender truncates places beyond the column's scale; SQL rounds, so the export does too.
        decimal m => row.AppendValue(Math.Round(m, scale, MidpointRounding.AwayFromZero)),
        DateTime t => row.AppendValue(t),
        DateOnly day => row.AppendValue(day),
        System.Numerics.BigInteger big => row.AppendValue(big),
        _ => throw new NotSupportedException($"No Parquet export for a value of type {value.GetType().Name}."),
    };
}
