using System.Data.Common;
using System.Globalization;
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
        RemovePreviousExport(target);
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

    /// <summary>
    /// The export writes only into a folder it owns: an empty one, or one holding a previous export (its manifest.json).
    /// Of a previous export exactly the files its manifest lists are removed, so nothing of the user's is deleted; a
    /// folder that holds other files, or a file of the user's where a table's files go, is refused with nothing written.
    /// </summary>
    private static void RemovePreviousExport(string target)
    {
        var manifestPath = Path.Combine(target, ManifestName);
        var entries = Directory.EnumerateFileSystemEntries(target).ToList();
        if (entries.Count == 0) return;
        if (!File.Exists(manifestPath))
        {
            throw new InvalidOperationException($"The export folder {target} is not empty and holds no {ManifestName} of an earlier export: " +
                                                "name an empty folder or a previous export's (nothing was written or removed).");
        }

        var previous = JsonSerializer.Deserialize<Manifest>(File.ReadAllText(manifestPath), JsonOptions)
            ?? throw new InvalidOperationException($"{manifestPath} is not an export manifest (nothing was written or removed).");
        var listed = previous.Tables.SelectMany(t => t.Files).Select(f => Path.GetFullPath(Path.Combine(target, f))).ToList();
        if (listed.FirstOrDefault(f => !f.StartsWith(target + Path.DirectorySeparatorChar, StringComparison.Ordinal)) is { } outside)
        {
            throw new InvalidOperationException($"{manifestPath} lists a file outside its folder ({outside}): not an export manifest (nothing was written or removed).");
        }

        foreach (var file in listed) File.Delete(file);
        File.Delete(manifestPath);
        // The table folders and month folders the export made, once empty; a folder with the user's files stays.
        foreach (var name in Sources.Where(t => t.DateKey is not null).Select(t => t.Name))
        {
            var folder = Path.Combine(target, name);
            if (!Directory.Exists(folder)) continue;
            foreach (var month in Directory.EnumerateDirectories(folder).Where(d => !Directory.EnumerateFileSystemEntries(d).Any()).ToList()) Directory.Delete(month);
            if (!Directory.EnumerateFileSystemEntries(folder).Any()) Directory.Delete(folder);
            else throw new InvalidOperationException($"The export folder {folder} holds files the previous export did not write: move them away (nothing was written).");
        }

        foreach (var name in Sources.Where(t => t.DateKey is null).Select(t => t.Name).Where(n => File.Exists(Path.Combine(target, n + ".parquet"))))
        {
            throw new InvalidOperationException($"{Path.Combine(target, name + ".parquet")} was not written by the previous export: move it away (nothing was written).");
        }
    }

    /// <summary>Streams one view from the warehouse into a scratch table of the same columns; returns the rows copied.</summary>
    private static async Task<long> CopyIntoScratchAsync(DbConnection warehouse, DuckDBConnection duck, string source, string name, CancellationToken ct)
    {
        var declared = await DeclaredDecimalsAsync(warehouse, source, ct);
        await using var command = warehouse.CreateCommand();
        command.CommandText = $"SELECT * FROM {source}";
        await using var reader = await command.ExecuteReaderAsync(ct);
        var columns = reader.GetColumnSchema();
        var definitions = string.Join(", ", columns.Select(c => $"\"{c.ColumnName}\" {DuckDbType(c, declared)}"));
        await ExecuteAsync(duck, $"CREATE OR REPLACE TABLE \"{name}\" ({definitions})", ct);
        var scales = columns.Select(c => declared.TryGetValue(c.ColumnName, out var d) ? d.Scale : c.NumericScale is > 0 and <= 18 ? c.NumericScale.Value : 4).ToArray();
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
        // The previous export's files were removed before (RemovePreviousExport): nothing here is deleted.
        var folder = Path.Combine(target, name);
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

    /// <summary>
    /// Each decimal column's declared precision and scale, from the engine's information_schema: not every provider's
    /// reader reports them (DuckDB's does not), and the Parquet schema must be the same from every engine
    /// (a DECIMAL(18,8) rate stays 18,8, not 38,4).
    /// </summary>
    private static async Task<Dictionary<string, (int Precision, int Scale)>> DeclaredDecimalsAsync(DbConnection warehouse, string source, CancellationToken ct)
    {
        var (schema, table) = (source.Split('.')[0], source.Split('.')[1]);
        await using var command = warehouse.CreateCommand();
        // Both names are the warehouse's own (Sources), never input.
        command.CommandText = "SELECT column_name, numeric_precision, numeric_scale FROM information_schema.columns " +
                              $"WHERE table_schema = '{schema}' AND table_name = '{table}' AND numeric_scale IS NOT NULL AND numeric_scale > 0";
        var declared = new Dictionary<string, (int, int)>(StringComparer.OrdinalIgnoreCase);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            declared[reader.GetString(0)] = (Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture), Convert.ToInt32(reader.GetValue(2), CultureInfo.InvariantCulture));
        }

        return declared;
    }

    /// <summary>The DuckDB type for a column as the warehouse's driver reports it.</summary>
    private static string DuckDbType(DbColumn column, Dictionary<string, (int Precision, int Scale)> declared)
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
            if (declared.TryGetValue(column.ColumnName, out var d) && d.Precision is > 0 and <= 38 && d.Scale <= d.Precision) return $"DECIMAL({d.Precision},{d.Scale})";
            return column.NumericPrecision is > 0 and <= 38 && column.NumericScale is >= 0 and <= 18
                ? $"DECIMAL({column.NumericPrecision},{Math.Min(column.NumericScale.Value, column.NumericPrecision.Value)})"
                : "DECIMAL(38,4)";
        }

        // The warehouse keeps instants in UTC: TIMESTAMPTZ writes them as UTC-adjusted, so readers do not take them as local.
        if (type == typeof(DateTime)) return "TIMESTAMPTZ";
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
        DateTime t => row.AppendValue(new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Unspecified), TimeSpan.Zero)),
        DateOnly day => row.AppendValue(day),
        System.Numerics.BigInteger big => row.AppendValue(big),
        _ => throw new NotSupportedException($"No Parquet export for a value of type {value.GetType().Name}."),
    };
}
