using System.Diagnostics;
using DuckDB.NET.Data;
using LinqToDB.Data;
using LinqToDB.Mapping;
using Npgsql;
using NpgsqlTypes;
using Warehouse.Engines;

namespace Warehouse.Jobs.Bench;

/// <summary>
/// The engine's own bulk-load speed for comparison: rows already in memory written with PostgreSQL's binary
/// COPY (Npgsql) or DuckDB's appender into an empty copy of the staging table, timed around the write only.
/// </summary>
public sealed class EngineBulkLimit(WarehouseDatabase database)
{
    public async Task<TimeSpan> WriteAsync<TRow>(IReadOnlyList<TRow> rows, CancellationToken ct) where TRow : class
    {
        var entity = MappingSchema.Default.GetEntityDescriptor(typeof(TRow));
        var columns = entity.Columns.ToList();
        var source = database.Dialect.QualifiedName(entity.Name.Schema!, entity.Name.Name);
        var target = database.Dialect.QualifiedName(entity.Name.Schema!, "bench_" + entity.Name.Name);
        await using (var db = database.Open())
        {
            await db.ExecuteAsync($"DROP TABLE IF EXISTS {target}", ct);
            await db.ExecuteAsync($"CREATE TABLE {target} AS SELECT * FROM {source} WHERE 1 = 0", ct);
        }

        var clock = Stopwatch.StartNew();
        if (database.Engine == EngineKind.PostgreSql) await CopyAsync(rows, columns, target, ct);
        else Append(rows, columns, "bench_" + entity.Name.Name, entity.Name.Schema!);
        clock.Stop();

        await using (var db = database.Open())
        {
            await db.ExecuteAsync($"DROP TABLE {target}", ct);
        }

        return clock.Elapsed;
    }

    private async Task CopyAsync<TRow>(IReadOnlyList<TRow> rows, List<ColumnDescriptor> columns, string target, CancellationToken ct)
        where TRow : class
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(ct);
        var names = string.Join(", ", columns.Select(c => database.Dialect.Quote(c.ColumnName)));
        var types = columns.Select(c => PostgresType(Nullable.GetUnderlyingType(c.MemberType) ?? c.MemberType)).ToArray();
        await using var importer = await connection.BeginBinaryImportAsync($"COPY {target} ({names}) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var row in rows)
        {
            await importer.StartRowAsync(ct);
            for (var i = 0; i < columns.Count; i++)
            {
                var value = columns[i].MemberAccessor.GetValue(row);
                if (value is null) await importer.WriteNullAsync(ct);
                else if (value is DateTime time) await importer.WriteAsync(DateTime.SpecifyKind(time, DateTimeKind.Unspecified), types[i], ct);
                else await importer.WriteAsync(value, types[i], ct);
            }
        }

        await importer.CompleteAsync(ct);
    }

    private void Append<TRow>(IReadOnlyList<TRow> rows, List<ColumnDescriptor> columns, string table, string schema)
        where TRow : class
    {
        using var connection = new DuckDBConnection(database.ConnectionString);
        connection.Open();
        using var appender = connection.CreateAppender(schema, table);
        foreach (var row in rows)
        {
            var line = appender.CreateRow();
            foreach (var column in columns)
            {
                line = column.MemberAccessor.GetValue(row) switch
                {
                    null => line.AppendNullValue(),
                    string v => line.AppendValue(v),
                    int v => line.AppendValue(v),
                    long v => line.AppendValue(v),
                    short v => line.AppendValue(v),
                    bool v => line.AppendValue(v),
                    decimal v => line.AppendValue(v),
                    double v => line.AppendValue(v),
                    DateTime v => line.AppendValue(v),
                    DateOnly v => line.AppendValue(v),
                    var other => throw new NotSupportedException($"No appender value for {other.GetType().Name} ({column.ColumnName})."),
                };
            }

            line.EndRow();
        }
    }

    private static NpgsqlDbType PostgresType(Type type) =>
        type == typeof(string) ? NpgsqlDbType.Text
        : type == typeof(int) ? NpgsqlDbType.Integer
        : type == typeof(long) ? NpgsqlDbType.Bigint
        : type == typeof(short) ? NpgsqlDbType.Smallint
        : type == typeof(bool) ? NpgsqlDbType.Boolean
        : type == typeof(decimal) ? NpgsqlDbType.Numeric
        : type == typeof(double) ? NpgsqlDbType.Double
        : type == typeof(DateTime) ? NpgsqlDbType.Timestamp
        : type == typeof(DateOnly) ? NpgsqlDbType.Date
        : throw new NotSupportedException($"No COPY type for {type.Name}.");
}
