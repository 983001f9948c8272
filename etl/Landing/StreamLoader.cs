using System.Diagnostics;
using LinqToDB;
using LinqToDB.Async;
using LinqToDB.Data;
using Serilog;
using Serilog.Context;
using Warehouse.Engines;
using Warehouse.Schema.Etl;

namespace Warehouse.Etl.Landing;

/// <summary>
/// Lands one stream: opens a load, streams the records into staging with bulk copy, sends invalid
/// records to the quarantine, and in the same transaction stores the counts and the new cursor.
/// A failure rolls all of it back, so the cursor only moves with committed data.
/// </summary>
public sealed class StreamLoader(WarehouseDatabase database, WarehouseSettings settings, Sources.SourceInstance instance, TimeSpan lookback)
{
    /// <summary>A backfill's start (UTC): watermark streams read from it instead of their cursor (<see cref="StreamContext.BackfillFrom"/>).</summary>
    public DateTime? BackfillFrom { get; init; }

    /// <summary>A quarantined payload is cut to this length; the reason says so.</summary>
    public const int MaxPayloadLength = 100_000;

    public async Task<LoadResult> LandAsync<TStaging>(SourceStream<TStaging> stream, CancellationToken ct) where TStaging : class, Schema.Stg.IStagingRow
    {
        var source = instance.Key;
        var loadId = await StartLoadAsync(source, stream.Name, ct);
        using var _ = LogContext.PushProperty("LoadId", loadId);
        using var __ = LogContext.PushProperty("Source", source);
        using var ___ = LogContext.PushProperty("Stream", stream.Name);
        var clock = Stopwatch.StartNew();
        try
        {
            await using var db = database.Open();
            await using var transaction = await db.BeginTransactionAsync(ct);
            var state = await db.GetTable<EtlSourceState>().FirstOrDefaultAsync(s => s.Source == source && s.Stream == stream.Name, ct);
            var context = new StreamContext(loadId, state?.CursorValue, settings, lookback, instance) { BackfillFrom = BackfillFrom };
            var batch = new LandingBatch<TStaging>(stream, context);

            // Staging rows go in one bulk copy, cut only to write quarantine rows as they pile up: neither is held whole in
            // memory. The source is read and mapped on another task meanwhile (LandingPipe).
            long copied = 0;
            await using (var pipe = new LandingPipe<TStaging>(batch, ct))
            {
                do
                {
                    copied += (await db.BulkCopyAsync(database.Dialect.BulkCopy, pipe.NextAsync(ct), ct)).RowsCopied;
                    await WriteQuarantineAsync(db, source, stream.Name, loadId, pipe.TakeQuarantine(), ct);
                }
                while (!pipe.Exhausted);

                await pipe.CompletedAsync();
            }

            if (settings.QuarantineRetentionDays > 0)
            {
                var cutoff = DateTime.UtcNow.AddDays(-settings.QuarantineRetentionDays);
                await db.GetTable<EtlQuarantine>().Where(q => q.QuarantinedAt < cutoff).DeleteAsync(ct);
            }

            await stream.OnLandingAsync(db, loadId, batch.ByFile, ct);
            await SaveCursorAsync(db, (source, stream.Name), state, batch.Cursor, loadId, ct);
            await db.GetTable<EtlLoad>().Where(l => l.LoadId == loadId)
                .Set(l => l.Status, LoadStatus.Landed)
                .Set(l => l.RowsRead, batch.Read)
                .Set(l => l.RowsLanded, batch.Landed)
                .Set(l => l.RowsQuarantined, batch.Quarantined)
                .UpdateAsync(ct);
            await transaction.CommitAsync(ct);
            await stream.OnCommittedAsync(ct);

            var result = new LoadResult(loadId, source, stream.Name, batch.Read, batch.Landed, batch.Quarantined, copied, batch.Cursor)
            {
                TopReasons = batch.Reasons.Select(r => (r.Key, r.Value)).OrderByDescending(r => r.Value).ThenBy(r => r.Key, StringComparer.Ordinal).Take(5).ToList(),
                RejectedFiles = stream.RejectedFiles,
                Incomplete = batch.Incomplete,
            };
            Log.Information("Landed {Source}.{Stream}: {Read} read, {Landed} landed, {Quarantined} quarantined ({StagingRows} staging rows) in {Seconds:0.0} s",
                result.Source, result.Stream, result.Read, result.Landed, result.Quarantined, result.StagingRows, clock.Elapsed.TotalSeconds);
            if (result.Quarantined > 0)
            {
                Log.Warning("{Quarantined} records of {Source}.{Stream} were quarantined: `quarantine --load {LoadId}` lists them", result.Quarantined, result.Source, result.Stream, loadId);
                foreach (var (reason, count) in result.TopReasons) Log.Warning("  {Count} × {Reason}", count, reason);
            }

            foreach (var rejected in result.RejectedFiles) Log.Error("{Source}.{Stream}: {Rejected}", result.Source, result.Stream, rejected);
            if (result.Incomplete is { } why)
            {
                Log.Error("{Source}.{Stream} stopped at a page it could not read ({Why}): what it read is landed, its cursor did not move, the next run reads on from there",
                    result.Source, result.Stream, why.Length > 200 ? why[..200] : why);
            }

            return result;
        }
        catch (Exception ex)
        {
            await FailLoadAsync(loadId, ex, CancellationToken.None);
            Log.Error("Landing {Source}.{Stream} failed (load {LoadId}): {Error}. The cursor did not move; the next run reads the same records again.",
                source, stream.Name, loadId, ex.Message);
            throw;
        }
    }

    private async Task WriteQuarantineAsync(DataConnection db, string source, string stream, long loadId, List<(string Reason, string Payload, string? Origin)> rows, CancellationToken ct)
    {
        if (rows.Count == 0) return;
        var at = DateTime.UtcNow;
        await db.BulkCopyAsync(database.Dialect.BulkCopy, rows.Select(q => new EtlQuarantine
        {
            LoadId = loadId, Source = source, Stream = stream, Reason = q.Reason, Origin = q.Origin, RawPayload = q.Payload, QuarantinedAt = at,
        }), ct);
    }

    private async Task<long> StartLoadAsync(string source, string stream, CancellationToken ct)
    {
        await using var db = database.Open();
        // A load still "running" was cut off with its process (its transaction rolled back): say so.
        await db.GetTable<EtlLoad>().Where(l => l.Source == source && l.Stream == stream && l.Status == LoadStatus.Running)
            .Set(l => l.Status, LoadStatus.Failed).Set(l => l.EndedAt, DateTime.UtcNow)
            .Set(l => l.Error, "abandoned: the process ended during the load; nothing of it was committed")
            .UpdateAsync(ct);
        var load = new EtlLoad { Source = source, Stream = stream, StartedAt = DateTime.UtcNow, Status = LoadStatus.Running };
        return await OrderedIdentity.InsertAsync(db, database.Dialect, load, ct);
    }

    private async Task FailLoadAsync(long loadId, Exception error, CancellationToken ct)
    {
        await using var db = database.Open();
        var message = error.Message.Length > 4000 ? error.Message[..4000] : error.Message;
        await db.GetTable<EtlLoad>().Where(l => l.LoadId == loadId)
            .Set(l => l.Status, LoadStatus.Failed).Set(l => l.EndedAt, DateTime.UtcNow).Set(l => l.Error, message)
            .UpdateAsync(ct);
    }

    private static async Task SaveCursorAsync(DataConnection db, (string Source, string Name) stream, EtlSourceState? state, string? cursor, long loadId, CancellationToken ct)
    {
        if (cursor is null || cursor == state?.CursorValue) return;
        if (state is null)
        {
            await db.InsertAsync(new EtlSourceState { Source = stream.Source, Stream = stream.Name, CursorValue = cursor, UpdatedAt = DateTime.UtcNow, LoadId = loadId }, token: ct);
            return;
        }

        await db.GetTable<EtlSourceState>().Where(s => s.Source == stream.Source && s.Stream == stream.Name)
            .Set(s => s.CursorValue, cursor).Set(s => s.UpdatedAt, DateTime.UtcNow).Set(s => s.LoadId, loadId)
            .UpdateAsync(ct);
    }
}
