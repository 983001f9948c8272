using System.Diagnostics;
using LinqToDB;
using LinqToDB.Async;
using LinqToDB.Data;
using Serilog;
using Warehouse.Engines;
using Warehouse.Etl.Landing;
using Warehouse.Etl.Sources;
using Warehouse.Schema.Etl;

namespace Warehouse.Etl.Transforms;

/// <summary>
/// Transforms everything a source has landed and not yet transformed, in one transaction: the
/// source's steps run in order (then <see cref="LateCustomers"/>), the loads it started with (by load id) are marked succeeded and their
/// staging rows deleted. A load another process commits meanwhile keeps its rows and its status for the
/// next transform. Transforms and refreshes of one warehouse take turns (<see cref="Engines.SqlDialect.StarLock"/>).
/// A failure leaves dimensions, facts, staging and load status exactly as they were.
/// </summary>
public sealed class TransformRunner(WarehouseDatabase database, WarehouseSettings settings)
{
    public async Task<int> RunAsync(ISource source, CancellationToken ct)
    {
        var context = new TransformContext(database.Dialect, settings);
        var clock = Stopwatch.StartNew();
        await using var db = database.Open();
        db.CommandTimeout = 0;
        await using var transaction = await db.BeginTransactionAsync(ct);
        if (database.Dialect.StarLock is { } starLock) await db.ExecuteAsync(starLock, ct);
        if (database.Dialect.TransformSessionSetting is { } setting) await db.ExecuteAsync(setting, ct);
        var loadIds = await db.GetTable<EtlLoad>().Where(l => l.Source == source.Name && l.Status == LoadStatus.Landed).Select(l => l.LoadId).ToListAsync(ct);
        var pending = loadIds.Count;
        if (pending == 0)
        {
            Log.Information("{Source}: nothing landed to transform", source.Name);
            return 0;
        }

        var days = await Deployment.CalendarCoverage.CoverStagingAsync(db, database.Dialect, settings, source.StagingTables, ct);
        if (days > 0) Log.Information("{Source}: the calendar was widened to cover the landed data ({Rows} calendar rows added)", source.Name, days);
        await TransformStep.RefreshStatisticsAsync(db, database.Dialect, source.StagingTables, ct);
        foreach (var step in source.Transform.Append(LateCustomers.Step))
        {
            var stepClock = Stopwatch.StartNew();
            var rows = await step.RunAsync(db, context, $"The {source.Name} transform", ct);
            Log.Debug("{Source} transform {Step}: {Rows} rows in {Seconds:0.00} s", source.Name, step.Name, rows, stepClock.Elapsed.TotalSeconds);
        }

        // Load ids are the database's own numbers, so the list is written into the statement.
        var ids = string.Join(", ", loadIds.Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        foreach (var table in source.StagingTables)
        {
            await db.ExecuteAsync($"DELETE FROM {table} WHERE load_id IN ({ids})", ct);
        }

        await db.GetTable<EtlLoad>().Where(l => loadIds.Contains(l.LoadId))
            .Set(l => l.Status, LoadStatus.Succeeded).Set(l => l.EndedAt, DateTime.UtcNow)
            .UpdateAsync(ct);
        await transaction.CommitAsync(ct);
        Log.Information("{Source}: transformed {Loads} loads in {Seconds:0.0} s", source.Name, pending, clock.Elapsed.TotalSeconds);
        return pending;
    }
}
