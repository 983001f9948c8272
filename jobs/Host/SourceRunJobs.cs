using System.ComponentModel;
using Hangfire;
using Hangfire.Server;
using Hangfire.States;
using Hangfire.Storage;
using LinqToDB;
using LinqToDB.Async;
using Serilog;
using Serilog.Context;
using Warehouse.Engines;
using Warehouse.Etl.Pipeline;
using Warehouse.Etl.Sources;
using Warehouse.Jobs.Alerts;
using Warehouse.Schema.Etl;

namespace Warehouse.Jobs.Host;

/// <summary>
/// The Hangfire jobs of a source run: <see cref="Start"/> (the recurring job) chains extract-and-land,
/// transform, KPI refresh, reconciliation with the source's counts and alert evaluation as continuations, so a step starts only when the one before succeeded.
/// Runs of one source never overlap, also across several servers: <see cref="Start"/> keeps the chain of the
/// run in flight in the job storage and skips a trigger while that chain is still queued, running or retrying.
/// Landings of different sources run side by side (each holds its source's lock); transform, refresh and alerts
/// write shared dimensions and the KPI layer, so they hold one warehouse-wide lock. Each step retries with backoff (Hangfire:Retries,
/// Hangfire:RetryDelaySeconds) and writes its attempts to etl.run_step. A failed landing moves no cursor:
/// the next run resumes from the committed one.
/// </summary>
public sealed class SourceRunJobs(HostConfiguration host, IBackgroundJobClient jobs, JobStorage storage)
{
    private static readonly TimeSpan LockTimeout = TimeSpan.FromMinutes(30);
    /// <summary>Transforms, the KPI refresh and alerts write tables that every source shares: one at a time.</summary>
    private const string StarLock = "warehouse:star";

    private static readonly string ServerName = $"{Environment.MachineName}:{Environment.ProcessId}";

    [DisplayName("Run {0}")]
    public string? Start(string source, PerformContext? context)
    {
        using var connection = storage.GetConnection();
        using var startLock = connection.AcquireDistributedLock($"warehouse:start:{source}", TimeSpan.FromMinutes(1));
        var inFlightKey = $"warehouse:run:{source}";
        var previous = connection.GetAllEntriesFromHash(inFlightKey);
        if (previous is not null && previous.TryGetValue("jobs", out var chain) && InFlight(connection, chain.Split(',')))
        {
            Log.Information("{Source}: the run {RunId} is still in flight; this trigger is skipped", source, previous.GetValueOrDefault("run"));
            return null;
        }

        var run = context?.BackgroundJob.Id ?? Guid.NewGuid().ToString("N");
        var land = jobs.Enqueue<SourceRunJobs>(j => j.LandAsync(source, run, null, CancellationToken.None));
        var transform = jobs.ContinueJobWith<SourceRunJobs>(land, j => j.TransformAsync(source, run, null, CancellationToken.None));
        var refresh = jobs.ContinueJobWith<SourceRunJobs>(transform, j => j.RefreshAsync(source, run, null, CancellationToken.None));
        var reconcile = jobs.ContinueJobWith<SourceRunJobs>(refresh, j => j.ReconcileAsync(source, run, null, CancellationToken.None));
        var alerts = jobs.ContinueJobWith<SourceRunJobs>(reconcile, j => j.EvaluateAlertsAsync(source, run, null, CancellationToken.None));
        using (var write = connection.CreateWriteTransaction())
        {
            write.SetRangeInHash(inFlightKey, [new("run", run), new("jobs", string.Join(',', land, transform, refresh, reconcile, alerts))]);
            write.Commit();
        }

        Log.Information("Queued run {RunId} of {Source}: land {LandJob}, then transform, refresh, reconcile and alerts", run, source, land);
        return run;
    }

    [DisplayName("{0}: extract and land")]
    public Task LandAsync(string source, string run, PerformContext? context, CancellationToken ct) =>
        StepAsync(source, run, context, "land", SourceLock(source), (pipeline, connector) => pipeline.LandAsync(connector, ct));

    [DisplayName("{0}: transform")]
    public Task TransformAsync(string source, string run, PerformContext? context, CancellationToken ct) =>
        StepAsync(source, run, context, "transform", StarLock, (pipeline, connector) => pipeline.TransformAsync(connector, ct));

    [DisplayName("{0}: refresh the KPI layer")]
    public Task RefreshAsync(string source, string run, PerformContext? context, CancellationToken ct) =>
        StepAsync(source, run, context, "refresh", StarLock, (pipeline, _) => pipeline.RefreshAsync(ct));

    /// <summary>The check against the source's own counts (Warehouse:Reconciliation); it writes only etl.reconciliation, so it holds the source's lock, not the star's.</summary>
    [DisplayName("{0}: reconcile with the source's counts")]
    public Task ReconcileAsync(string source, string run, PerformContext? context, CancellationToken ct) =>
        StepAsync(source, run, context, "reconcile", SourceLock(source), async (pipeline, connector) =>
        {
            if (host.Settings.Reconciliation.Enabled) await pipeline.ReconcileAsync(connector, run, null, null, ct);
        });

    [DisplayName("{0}: evaluate alerts")]
    public Task EvaluateAlertsAsync(string source, string run, PerformContext? context, CancellationToken ct) =>
        StepAsync(source, run, context, "alerts", StarLock, async (_, _) =>
        {
            var raised = await AlertEvaluatorFactory.EvaluateAsync(host, ct);
            Log.Information("{Source}: {Alerts} new alerts", source, raised);
        });

    private static string SourceLock(string source) => $"warehouse:source:{source}";

    /// <summary>
    /// A chain is in flight until its last job succeeded; one whose job failed after its retries, or was
    /// deleted, or expired from the storage, no longer holds the source.
    /// </summary>
    private static bool InFlight(IStorageConnection connection, string[] chain)
    {
        var states = chain.Select(id => connection.GetStateData(id)?.Name).ToList();
        if (states.Any(s => s is null || s == FailedState.StateName || s == DeletedState.StateName)) return false;
        return states[^1] != SucceededState.StateName;
    }

    private async Task StepAsync(string source, string run, PerformContext? context, string step, string lockName, Func<SourcePipeline, ISource, Task> work)
    {
        using var job = LogContext.PushProperty("JobId", context?.BackgroundJob.Id);
        using var named = LogContext.PushProperty("Source", source);
        using var runId = LogContext.PushProperty("RunId", run);
        using var connection = storage.GetConnection();
        using var stepLock = connection.AcquireDistributedLock(lockName, LockTimeout);
        await using var db = host.Database.Open();
        var attempt = new EtlRunStep
        {
            RunId = run, Source = source, Step = step, JobId = context?.BackgroundJob.Id, ServerName = ServerName,
            StartedAt = DateTime.UtcNow, Status = "running",
        };
        attempt.RunStepId = await OrderedIdentity.InsertAsync(db, host.Database.Dialect, attempt, CancellationToken.None);
        try
        {
            using var connector = host.CreateSource(host.SourceInstance(source));
            await work(new SourcePipeline(host.Database, host.Settings), connector);
            await db.GetTable<EtlRunStep>().Where(s => s.RunStepId == attempt.RunStepId)
                .Set(s => s.Status, "succeeded").Set(s => s.EndedAt, DateTime.UtcNow).UpdateAsync(CancellationToken.None);
            Log.Information("{Source}: step {Step} of run {RunId} done", source, step, run);
        }
        catch (Exception ex)
        {
            var error = $"{ex.GetType().Name}: {ex.Message}";
            await db.GetTable<EtlRunStep>().Where(s => s.RunStepId == attempt.RunStepId)
                .Set(s => s.Status, ex is OperationCanceledException ? "cancelled" : "failed").Set(s => s.EndedAt, DateTime.UtcNow)
                .Set(s => s.Error, error.Length > 2000 ? error[..2000] : error).UpdateAsync(CancellationToken.None);
            if (ex is not OperationCanceledException)
            {
                Log.Error(ex, "{Source}: step {Step} of run {RunId} failed in job {JobId}: {Message}", source, step, run, context?.BackgroundJob.Id, ex.Message);
            }

            throw;
        }
    }
}
