using Serilog;
using Warehouse.Engines;
using Warehouse.Etl.Landing;
using Warehouse.Etl.Sources;
using Warehouse.Etl.Transforms;

namespace Warehouse.Etl.Pipeline;

/// <summary>
/// One run of a source in three steps, each of which the scheduler can also run on its own: land every
/// stream, transform what landed, refresh the KPI layer.
/// </summary>
public sealed class SourcePipeline(WarehouseDatabase database, WarehouseSettings settings)
{
    public async Task<SourceRunResult> RunAsync(ISource source, CancellationToken ct)
    {
        var loads = await LandAsync(source, ct);
        var transformed = await TransformAsync(source, ct);
        await RefreshAsync(ct);
        var result = new SourceRunResult(source.Name, loads, transformed);
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

    public async Task<IReadOnlyList<LoadResult>> LandAsync(ISource source, CancellationToken ct)
    {
        await using var turn = await SourceLandingLock.TakeAsync(database, source.Name, ct);
        var loader = new StreamLoader(database, settings, source.Instance, source.Lookback);
        var loads = new List<LoadResult>();
        foreach (var stream in source.Streams)
        {
            loads.Add(await stream.LandAsync(loader, ct));
        }

        return loads;
    }

    public Task<int> TransformAsync(ISource source, CancellationToken ct) => new TransformRunner(database, settings).RunAsync(source, ct);

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
}
