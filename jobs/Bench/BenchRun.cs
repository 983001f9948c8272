using System.Diagnostics;
using System.Reflection;
using LinqToDB.Data;
using Serilog;
using Warehouse.Deployment;
using Warehouse.Etl.Landing;
using Warehouse.Etl.Pipeline;
using Warehouse.Etl.Sources;
using Warehouse.Kpis;

namespace Warehouse.Jobs.Bench;

/// <summary>One measured stage: rows, seconds and the process's peak memory during it.</summary>
public sealed record BenchStage(string Engine, string Stage, long Rows, double Seconds, double PeakMegabytes)
{
    public double RowsPerSecond => Seconds > 0 ? Rows / Seconds : 0;
}

/// <summary>
/// The benchmark on one engine: the full pipeline from the local HTTP source (extract and land, transform,
/// KPI refresh, reconciliation with the sources' counts, every KPI view queried), an incremental run after 1% of the API records changed, then the
/// landing of already-extracted records (the API's JSON lines read from disk) next to the engine's own
/// bulk-load limit for the same staging rows.
/// </summary>
public sealed class BenchRun(HostConfiguration host, string engineName, List<BenchStage> stages, List<string> notes)
{
    private const int LimitChunk = 50_000;

    public async Task FullAsync(string label, CancellationToken ct)
    {
        var pipeline = new SourcePipeline(host.Database, host.Settings);
        var sources = host.SourceInstances.Where(s => s.Enabled).ToList();
        long landed = 0;
        await MeasureAsync($"{label}: extract and land (HTTP)", async () =>
        {
            double peak = 0;
            foreach (var configured in sources)
            {
                // Each source's own peak; the stage's peak is the largest of them.
                PeakMemory.Reset();
                using var reads = new ShopifyReads();
                using var source = host.CreateSource(configured);
                var results = await pipeline.LandAsync(source, ct);
                landed += results.Sum(l => l.StagingRows);
                var sourcePeak = PeakMemory.Megabytes();
                peak = Math.Max(peak, sourcePeak);
                if (source.Instance.Source == SourceNames.Shopify)
                {
                    notes.Add($"{engineName} {label}: Shopify by the {configured.Settings?.Api ?? "GraphQL"} API: {reads}; " +
                        $"{results.Sum(l => l.StagingRows):N0} staging rows landed, peak memory {sourcePeak:0} MB");
                }
            }

            return (landed, peak);
        });
        await MeasureAsync($"{label}: transform", async () =>
        {
            using var slow = new SlowStatements();
            foreach (var configured in sources)
            {
                using var source = host.CreateSource(configured);
                await pipeline.TransformAsync(source, ct);
            }

            notes.Add($"{engineName} {label}: slowest transform statements (source / step #statement): {slow.Slowest(8)}");
            return (landed, PeakMemory.Megabytes());
        });
        await MeasureAsync($"{label}: KPI refresh", async () =>
        {
            using var slow = new SlowStatements();
            var since = DateTime.UtcNow.AddSeconds(-1);
            var outcome = await pipeline.RefreshAsync(ct);
            notes.Add($"{engineName} {label}: the KPI refresh wrote kpi.kpi_value: {outcome}");
            notes.Add($"{engineName} {label}: slowest derived-fact statements: {slow.Slowest(4)}; slowest KPIs: {await SlowestKpisAsync(since, 5, ct)}");
            return (landed, PeakMemory.Megabytes());
        });
        await MeasureAsync($"{label}: reconcile", async () =>
        {
            // As a run reconciles: the days its loads wrote, today and yesterday, and the sample (the whole calendar on the first check).
            long periods = 0;
            var open = 0;
            foreach (var configured in sources)
            {
                using var source = host.CreateSource(configured);
                var summary = await pipeline.ReconcileAsync(source, Guid.NewGuid().ToString("N"), null, null, ct);
                periods += summary.Periods;
                open += summary.Unreconciled.Count + summary.Failed.Count;
            }

            notes.Add($"{engineName} {label}: reconciliation checked {periods:N0} object periods, {open} beyond tolerance or not counted");
            return (periods, PeakMemory.Megabytes());
        });
    }

    /// <summary>The KPIs a refresh since <paramref name="since"/> spent longest on, from kpi.kpi_refresh.</summary>
    private async Task<string> SlowestKpisAsync(DateTime since, int count, CancellationToken ct)
    {
        await using var db = host.Database.Open();
        var rows = await db.QueryToListAsync(r => (Code: r.GetString(0), Seconds: Convert.ToDouble(r.GetValue(1), System.Globalization.CultureInfo.InvariantCulture), From: r.IsDBNull(2) ? "whole" : $"from {r.GetValue(2):yyyy-MM-dd}"),
            $"SELECT kpi_code, seconds, from_period FROM kpi.kpi_refresh WHERE refreshed_at >= {host.Database.Dialect.Timestamp(since)} ORDER BY seconds DESC", ct);
        return string.Join("; ", rows.Take(count).Select(r => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{r.Code} {r.Seconds:0.0} s ({r.From})")));
    }

    /// <summary>
    /// What readers ask of kpi.kpi_value: each KPI at month grain for the whole business (as alerts and the
    /// <c>kpi</c> command read it, a query per KPI), then the whole exec scorecard.
    /// </summary>
    public async Task KpiTableAsync(CancellationToken ct)
    {
        var slowest = (Code: "", Seconds: 0.0);
        var total = Stopwatch.StartNew();
        long rows = 0;
        foreach (var kpi in KpiCatalogue.All)
        {
            var clock = Stopwatch.StartNew();
            rows += (await KpiReader.ReadAsync(host.Database, "month", KpiSlice.AllCode, kpi.Code, ct)).Count;
            if (clock.Elapsed.TotalSeconds > slowest.Seconds) slowest = (kpi.Code, clock.Elapsed.TotalSeconds);
        }

        stages.Add(new BenchStage(engineName, $"KPI table: each KPI by month (slowest {slowest.Code} {slowest.Seconds * 1000:0} ms)", rows, total.Elapsed.TotalSeconds, PeakMemory.Megabytes()));
        await MeasureAsync("exec scorecard (exec.kpi_scorecard, every row)", async () =>
        {
            await using var db = host.Database.Open();
            var count = await db.QueryToListAsync(r => r.GetValue(0), "SELECT * FROM exec.kpi_scorecard", ct);
            return (count.Count, PeakMemory.Megabytes());
        });
    }

    /// <summary>Whether kpi.kpi_value holds what the KPI views compute now, printed as a note.</summary>
    public async Task CheckKpiTableAsync(string label, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var differences = await KpiTableCheck.DifferencesAsync(host.Database, new KpiContext(host.Database.Dialect, host.Settings), ct);
        var rows = await KpiTableCheck.CountAsync(host.Database, ct);
        notes.Add(differences.Count == 0
            ? $"{engineName} {label}: kpi.kpi_value equals the KPI views' query computed whole now: yes, {rows:N0} rows (checked in {clock.Elapsed.TotalSeconds:0.0} s)"
            : $"{engineName} {label}: kpi.kpi_value equals the KPI views' query computed whole now: NO, {differences.Count:N0} rows differ, first: {differences[0]}");
    }

    /// <summary>Each KPI view at month grain for the whole business, as the scorecard reads it; the slowest is reported.</summary>
    public async Task KpiViewsAsync(CancellationToken ct)
    {
        var slowest = (Code: "", Seconds: 0.0);
        var total = Stopwatch.StartNew();
        await using var db = host.Database.Open();
        db.CommandTimeout = 0;
        foreach (var kpi in KpiCatalogue.All)
        {
            var clock = Stopwatch.StartNew();
            var view = host.Database.Dialect.QualifiedName("kpi", kpi.ViewName);
            await db.ExecuteAsync<long>($"SELECT COUNT(*) FROM {view} WHERE grain = 'month' AND slice_name = 'all'", ct);
            if (clock.Elapsed.TotalSeconds > slowest.Seconds) slowest = (kpi.Code, clock.Elapsed.TotalSeconds);
        }

        stages.Add(new BenchStage(engineName, $"KPI views: all {KpiCatalogue.All.Count} (slowest {slowest.Code} {slowest.Seconds:0.00} s)", KpiCatalogue.All.Count, total.Elapsed.TotalSeconds, PeakMemory.Megabytes()));
    }

    /// <summary>Landing of the shop's streams from their JSON-lines dump, then the same staging rows through the engine's own bulk load.</summary>
    public async Task LandingAgainstLimitAsync(string apiRoot, CancellationToken ct)
    {
        // The dumps are the shop's REST records: replayed through the REST mapping.
        var configured = host.SourceInstance(SourceNames.Shopify);
        configured.Settings!.Api = "Rest";
        using var shop = host.CreateSource(configured);
        var loader = new StreamLoader(host.Database, host.Settings, shop.Instance, TimeSpan.Zero);
        var method = typeof(BenchRun).GetMethod(nameof(ReplayAsync), BindingFlags.NonPublic | BindingFlags.Instance)!;
        long rows = 0;
        double landing = 0, limit = 0, landingPeak = 0, limitPeak = 0;
        foreach (var stream in shop.Streams)
        {
            var dump = Path.Combine(apiRoot, "api", "shopify", stream.Name + ".jsonl");
            if (!File.Exists(dump)) continue;
            var staging = StagingType(stream.GetType());
            var task = (Task<(long Rows, double Landing, double Limit, double LandingPeak, double LimitPeak)>)method.MakeGenericMethod(staging).Invoke(this, [stream, dump, loader, ct])!;
            var (r, l, e, lp, ep) = await task;
            rows += r;
            landing += l;
            limit += e;
            landingPeak = Math.Max(landingPeak, lp);
            limitPeak = Math.Max(limitPeak, ep);
        }

        stages.Add(new BenchStage(engineName, "land pre-extracted shop records (JSON lines → stg)", rows, landing, landingPeak));
        stages.Add(new BenchStage(engineName, host.Database.Engine == Engines.EngineKind.PostgreSql ? "engine limit: binary COPY of the same rows" : "engine limit: appender of the same rows", rows, limit, limitPeak));
    }

    private async Task<(long Rows, double Landing, double Limit, double LandingPeak, double LimitPeak)> ReplayAsync<TStaging>(SourceStream<TStaging> stream, string dump, StreamLoader loader, CancellationToken ct)
        where TStaging : class, Warehouse.Schema.Stg.IStagingRow
    {
        var replay = new ReplayStream<TStaging>(stream, dump, "updated_at");
        PeakMemory.Reset();
        var clock = Stopwatch.StartNew();
        var result = await loader.LandAsync(replay, ct);
        var landing = clock.Elapsed.TotalSeconds;
        var landingPeak = PeakMemory.Megabytes();
        await using (var db = host.Database.Open())
        {
            var table = LinqToDB.Mapping.MappingSchema.Default.GetEntityDescriptor(typeof(TStaging)).Name;
            await db.ExecuteAsync($"DELETE FROM {host.Database.Dialect.QualifiedName(table.Schema!, table.Name)} WHERE load_id = {result.LoadId}", ct);
        }

        // The same records mapped to the same rows, written in chunks; only the writes are timed.
        var limit = new EngineBulkLimit(host.Database);
        var context = new StreamContext(result.LoadId, null, host.Settings, TimeSpan.Zero, SourceInstance.Default(SourceNames.Shopify));
        var chunk = new List<TStaging>(LimitChunk);
        var written = TimeSpan.Zero;
        PeakMemory.Reset();
        await foreach (var record in replay.ReadAsync(context, ct))
        {
            if (record.IsMalformed) continue;
            try { chunk.AddRange(stream.Map(record, context)); }
            catch (RecordRejectedException) { continue; }
            if (chunk.Count < LimitChunk) continue;
            written += await limit.WriteAsync(chunk, ct);
            chunk.Clear();
        }

        if (chunk.Count > 0) written += await limit.WriteAsync(chunk, ct);
        return (result.StagingRows, landing, written.TotalSeconds, landingPeak, PeakMemory.Megabytes());
    }

    private static Type StagingType(Type stream)
    {
        for (var type = stream; type is not null; type = type.BaseType)
        {
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(SourceStream<>)) return type.GetGenericArguments()[0];
        }

        throw new InvalidOperationException($"{stream.Name} is not a SourceStream<T>.");
    }

    private async Task MeasureAsync(string stage, Func<Task<(long Rows, double Peak)>> work)
    {
        PeakMemory.Reset();
        var clock = Stopwatch.StartNew();
        var (rows, peak) = await work();
        stages.Add(new BenchStage(engineName, stage, rows, clock.Elapsed.TotalSeconds, peak));
        Log.Information("{Engine} {Stage}: {Rows:N0} rows in {Seconds:0.0} s", engineName, stage, rows, clock.Elapsed.TotalSeconds);
    }

    public static async Task DeployAsync(HostConfiguration host, CancellationToken ct) =>
        await new WarehouseDeployer(host.Database, host.Settings).DeployAsync(ct);
}
