using LinqToDB.Data;
using Serilog;
using Warehouse.Engines;
using Warehouse.Etl.Sources;

namespace Warehouse.Etl.Pipeline;

/// <summary>
/// One landing of a source at a time per warehouse, whichever process runs it (<c>run</c>, <c>serve</c>'s
/// scheduler, or several of them): the lock lives in the database (<see cref="SqlDialect.SourceLock"/>) and is
/// held by its own connection for the whole landing. A second process waits its turn and then reads from
/// the committed cursor, so nothing is landed twice and no drop file is taken by both.
/// </summary>
public sealed class SourceLandingLock : IAsyncDisposable
{
    private readonly DataConnection? db;
    private readonly string? release;

    private SourceLandingLock(DataConnection? db, string? release) => (this.db, this.release) = (db, release);

    public static async Task<SourceLandingLock> TakeAsync(WarehouseDatabase database, string source, CancellationToken ct)
    {
        var key = LockKey(source);
        if (database.Dialect.SourceLock(key) is not var (take, release)) return new SourceLandingLock(null, null);
        var db = database.Open();
        db.CommandTimeout = 0;
        try
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            await db.ExecuteAsync(take, ct);
            if (clock.Elapsed > TimeSpan.FromSeconds(1)) Log.Information("{Source}: waited {Seconds:0.0} s for another process's landing of this source", source, clock.Elapsed.TotalSeconds);
            return new SourceLandingLock(db, release);
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }

    /// <summary>A stable number per source instance key (FNV-1a of its lower-case text): the same in every process.</summary>
    internal static int LockKey(string source)
    {
        var hash = 2166136261u;
        foreach (var c in source.ToLowerInvariant()) hash = (hash ^ c) * 16777619u;
        return (int)(hash & 0x7FFFFFFF);
    }

    public async ValueTask DisposeAsync()
    {
        if (db is null) return;
        try
        {
            await db.ExecuteAsync(release!);
        }
        finally
        {
            await db.DisposeAsync();
        }
    }
}
