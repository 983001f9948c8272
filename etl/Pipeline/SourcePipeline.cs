using Serilog;
using Warehouse.Engines;
using Warehouse.Etl.Landing;
using Warehouse.Etl.Reconciliation;
using Warehouse.Etl.Sources;
using Warehouse.Etl.Transforms;

namespace Warehouse.Etl.Pipeline;

/// <summary>
/// One run of a source in three steps, each of which the scheduler can also run on its own: land every
/// stream, transform what landed, refresh the KPI layer.
/// </summary>
public sealed class SourcePipeline(WarehouseDatabase database, WarehouseSettings settings)
{
    public Task<SourceRunResult> RunAsync(ISource source, CancellationToken ct) => RunAsync(source, null, ct);

    /// <summary>
    /// A run; with <paramref name="backfill"/>, the run reads again what changed from its first day on (a backfill of a
    /// range, not a full reload) and then reconciles that range.
    /// </summary>
    public async Task<SourceRunResult> RunAsync(ISource source, (DateOnly From, DateOnly To)? backfill, CancellationToken ct)
    {
        var loads = await LandAsync(source, backfill is { } range ? settings.StartOfDayUtc(range.From) : null, ct);
        var transformed = await TransformAsync(source, ct);
        await RefreshAsync(ct);
        var reconciliation = settings.Reconciliation.Enabled || backfill is not null
            ? await ReconcileAsync(source, Guid.NewGuid().ToString("N"), backfill?.From, backfill?.To, ct)
            : null;
        var result = new SourceRunResult(source.Name, loads, transformed) { Reconciliation = reconciliation };
        Log.Information("{Source} run done: {Read} records read, {Landed} landed, {Quarantined} quarantined",
            source.Name, result.Read, result.Landed, result.Quarantined);
        var rejected = loads.SelectMany(l => l.RejectedFiles).ToList();
        var incomplete = loads.Where(l => l.Incomplete is not null).ToList();
        if (incomplete.Count > 0)
        {
            throw new IncompleteStreamsException(source.Name, incomplete.Select(l => $"{l.Stream} stopped at an unreadable page ({Cut(l.Incomplete!)})").Concat(rejected).ToList());
        }

        if (rejected.Count > 0)
        {
            // The rest of the source has loaded; the run still fails so that nobody mistakes it for complete.
            throw new RejectedFilesException(source.Name, rejected);
        }

        return result;
    }

    private static string Cut(string text) => text.Length > 160 ? text[..160] + "…" : text;

    public Task<IReadOnlyList<LoadResult>> LandAsync(ISource source, CancellationToken ct) => LandAsync(source, null, ct);

    public async Task<IReadOnlyList<LoadResult>> LandAsync(ISource source, DateTime? backfillFrom, CancellationToken ct)
    {
        await using var turn = await SourceLandingLock.TakeAsync(database, source.Name, ct);
        var loader = new StreamLoader(database, settings, source.Instance, source.Lookback) { BackfillFrom = backfillFrom };
        var loads = new List<LoadResult>();
        foreach (var stream in source.Streams)
        {
            loads.Add(await stream.LandAsync(loader, ct));
        }

        return loads;
    }

    public Task<int> TransformAsync(ISource source, CancellationToken ct) => new TransformRunner(database, settings).RunAsync(source, ct);

    /// <summary>
    /// Checks the warehouse against the source's own counts (<see cref="Reconciler"/>): over the run's window, or over
    /// <paramref name="from"/> … <paramref name="to"/>. It reads and writes only etl.reconciliation, under the source's lock.
    /// </summary>
    public async Task<ReconciliationSummary> ReconcileAsync(ISource source, string runId, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        await using var turn = await SourceLandingLock.TakeAsync(database, source.Name, ct);
        return await new Reconciler(database, settings).RunAsync(source, runId, from, to, ct);
    }

    public Task<Warehouse.Kpis.KpiValues.Outcome> RefreshAsync(CancellationToken ct) => new KpiLayerRefresher(database, settings).RefreshAsync(ct);
}

/// <summary>
/// A run that loaded what it could read, but a stream stopped at a page it could not read (its cursor did not move,
/// so the next run reads on from there): the run fails so that schedulers see it.
/// </summary>
public sealed class IncompleteStreamsException(string source, IReadOnlyList<string> problems)
    : Exception($"{source}: {string.Join("; ", problems)}. What was read is loaded; `quarantine` shows the page; the next run reads the rest.")
{
    public IReadOnlyList<string> Problems { get; } = problems;
}

/// <summary>A run that loaded everything but some files it refused whole.</summary>
public sealed class RejectedFilesException(string source, IReadOnlyList<string> files)
    : Exception($"{source}: {files.Count} file(s) refused: {string.Join("; ", files)}")
{
    public IReadOnlyList<string> Files { get; } = files;
}

/// <summary>What a run of a source did, stream by stream.</summary>
public sealed record SourceRunResult(string Source, IReadOnlyList<LoadResult> Loads, int LoadsTransformed)
{
    public long Read => Loads.Sum(l => l.Read);

    public long Landed => Loads.Sum(l => l.Landed);

    public long Quarantined => Loads.Sum(l => l.Quarantined);

    /// <summary>The check against the source's counts after the run; null when Warehouse:Reconciliation:Enabled is off.</summary>
    public ReconciliationSummary? Reconciliation { get; init; }
}
