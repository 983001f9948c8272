using System.ComponentModel;
using Hangfire;
using Hangfire.Server;
using Serilog;
using Serilog.Context;
using Warehouse.Etl.Pipeline;
using Warehouse.Jobs.Alerts;
using Warehouse.Etl.Sources;

namespace Warehouse.Jobs.Host;

/// <summary>
/// The Hangfire jobs of a source run: <see cref="Start"/> (the recurring job) chains extract-and-land,
/// transform, KPI refresh and alert evaluation as continuations, so a step starts only when the one before succeeded.
/// Each step retries with backoff (Hangfire:Retries, Hangfire:RetryDelaySeconds) and holds a per-source distributed lock, so steps of the same source
/// never run at once, also across several servers. A failed landing moves no cursor: the next run
/// resumes from the committed one.
/// </summary>
public sealed class SourceRunJobs(HostConfiguration host, IBackgroundJobClient jobs, JobStorage storage)
{
    private static readonly TimeSpan LockTimeout = TimeSpan.FromMinutes(30);

    [DisplayName("Run {0}")]
    public string Start(string source)
    {
        var land = jobs.Enqueue<SourceRunJobs>(j => j.LandAsync(source, null, CancellationToken.None));
        var transform = jobs.ContinueJobWith<SourceRunJobs>(land, j => j.TransformAsync(source, null, CancellationToken.None));
        var refresh = jobs.ContinueJobWith<SourceRunJobs>(transform, j => j.RefreshAsync(source, null, CancellationToken.None));
        jobs.ContinueJobWith<SourceRunJobs>(refresh, j => j.EvaluateAlertsAsync(source, null, CancellationToken.None));
        Log.Information("Queued a run of {Source}: land {LandJob}, then transform and refresh", source, land);
        return land;
    }

    [DisplayName("{0}: extract and land")]
    public Task LandAsync(string source, PerformContext? context, CancellationToken ct) =>
        StepAsync(source, context, "land", (pipeline, s) => pipeline.LandAsync(s, ct));

    [DisplayName("{0}: transform")]
    public Task TransformAsync(string source, PerformContext? context, CancellationToken ct) =>
        StepAsync(source, context, "transform", (pipeline, s) => pipeline.TransformAsync(s, ct));

    [DisplayName("{0}: refresh the KPI layer")]
    public Task RefreshAsync(string source, PerformContext? context, CancellationToken ct) =>
        StepAsync(source, context, "refresh", (pipeline, _) => pipeline.RefreshAsync(ct));

    [DisplayName("{0}: evaluate alerts")]
    public async Task EvaluateAlertsAsync(string source, PerformContext? context, CancellationToken ct)
    {
        using var job = LogContext.PushProperty("JobId", context?.BackgroundJob.Id);
        using var named = LogContext.PushProperty("Source", source);
        var raised = await AlertEvaluatorFactory.EvaluateAsync(host, ct);
        Log.Information("{Source}: {Alerts} new alerts", source, raised);
    }

    private async Task StepAsync(string source, PerformContext? context, string step, Func<SourcePipeline, ISource, Task> work)
    {
        using var job = LogContext.PushProperty("JobId", context?.BackgroundJob.Id);
        using var named = LogContext.PushProperty("Source", source);
        using var connection = storage.GetConnection();
        using var sourceLock = connection.AcquireDistributedLock($"warehouse:source:{source}", LockTimeout);
        try
        {
            using var connector = SourceFactory.Create(source, host.SourceSettings(source), host.Database);
            await work(new SourcePipeline(host.Database, host.Settings, host.SourceSettings), connector);
            Log.Information("{Source}: step {Step} done", source, step);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.Error(ex, "{Source}: step {Step} failed in job {JobId}: {Message}", source, step, context?.BackgroundJob.Id, ex.Message);
            throw;
        }
    }
}
