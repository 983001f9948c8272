using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.SqlServer;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.OData;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Serilog;
using Warehouse.Engines;
using Warehouse.Etl.Landing;
using Warehouse.Etl.Sources;
using Warehouse.Jobs.Dashboard;
using Warehouse.Jobs.Export;
using Warehouse.Jobs.Feed;
using Warehouse.Kpis.Text;
using Warehouse.Schema.Etl;

namespace Warehouse.Jobs.Host;

/// <summary>
/// The long-lived host: a Hangfire server and its dashboard on an ASP.NET Core web host. Job storage
/// follows the warehouse engine: PostgreSQL or SQL Server storage in the warehouse database (schema
/// <c>hangfire</c>), in-memory storage for the embedded default (its history is lost on restart).
/// Several hosts on one PostgreSQL or SQL Server storage share the work.
/// </summary>
public static class JobsWebHost
{
    public static WebApplication Build(HostConfiguration host, string urls)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddConfiguration(host.Configuration);
        builder.WebHost.UseUrls(urls);
        builder.Services.AddSerilog();
        builder.Services.AddSingleton(host);
        var credentials = new BasicCredentials(host.Configuration["Dashboard:User"], host.Configuration["Dashboard:Password"]);
        builder.Services.AddSingleton(credentials);
        if (!credentials.IsConfigured)
        {
            Log.Warning("Dashboard:User and Dashboard:Password are not set: the OData feed (/{Feed}) answers 401 to everyone, and the dashboard opens to loopback only", FeedModel.RoutePrefix);
        }
        // The feed's connection: its queries are bounded in time and cancelled with their request.
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<FeedQueryCancellation>();
        builder.Services.AddScoped(services =>
        {
            var db = host.Database.Open();
            db.CommandTimeout = FeedLimits.QueryTimeoutSeconds(host.Configuration);
            db.AddInterceptor(services.GetRequiredService<FeedQueryCancellation>());
            return db;
        });
        builder.Services.AddFeedLimits(host.Configuration);
        // The OData library's own MetadataController serves the service document (/odata/) and $metadata,
        // where Excel's and Power BI's OData connectors start: its assembly is named as a part explicitly.
        builder.Services.AddControllers().AddApplicationPart(typeof(FeedController).Assembly)
            .AddApplicationPart(typeof(Microsoft.AspNetCore.OData.Routing.Controllers.MetadataController).Assembly).AddOData(options => options.Select().Filter().OrderBy().Count().SkipToken().SetMaxTop(10_000)
            .AddRouteComponents(FeedModel.RoutePrefix, FeedModel.Build()));
        builder.Services.AddTransient<SourceRunJobs>();
        builder.Services.AddTransient<ScorecardExportJob>();
        builder.Services.AddHangfire(configuration => UseStorage(configuration
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings(), host));
        builder.Services.AddHangfireServer(options =>
        {
            options.WorkerCount = host.Configuration.GetValue("Hangfire:WorkerCount", 2);
            options.SchedulePollingInterval = TimeSpan.FromSeconds(host.Configuration.GetValue("Hangfire:PollingSeconds", 15));
        });

        UseRetries(host);
        var app = builder.Build();
        app.UseExceptionHandler(failed => failed.Run(AnswerFailureAsync));
        app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto });
        var dashboardAccess = new DashboardAccess(credentials);
        app.UseHangfireDashboard("/hangfire", new DashboardOptions { DashboardTitle = "CX warehouse jobs", Authorization = [dashboardAccess] });
        // The language: ?lang= (en, ru, fa), else Exec:Culture; an unknown one is answered 400 by name.
        var language = host.Configuration.GetValue("Exec:Culture", KpiText.Languages[0]);
        KpiText.Culture(language);
        app.MapGet("/exec", async (HttpContext http, string? lang, CancellationToken ct) =>
        {
            if (!dashboardAccess.IsAllowed(http)) return Results.Unauthorized();
            if (lang is not null && !KpiText.Languages.Contains(lang.ToLowerInvariant()))
            {
                return Results.BadRequest(new { error = $"Unknown language '{lang}': use one of {string.Join(", ", KpiText.Languages)}." });
            }

            return Results.Content(await DashboardPage.RenderAsync(host.Database, KpiText.Culture(lang ?? language), ct), "text/html; charset=utf-8");
        });
        app.UseWhen(http => http.Request.Path.StartsWithSegments("/" + FeedModel.RoutePrefix, StringComparison.OrdinalIgnoreCase), feed => feed.UseMiddleware<FeedAccess>().UseMiddleware<FeedErrors>());
        app.UseRateLimiter();
        app.MapControllers();
        app.MapGet("/health", (CancellationToken ct) => HealthAsync(host, ct));
        RegisterSchedules(app.Services.GetRequiredService<IRecurringJobManager>(), host);
        return app;
    }

    /// <summary>
    /// A failed request is logged with its exception and answered 500 with a short JSON message: no endpoint
    /// shows a stack trace. (A missing schema cannot be the cause: serve deploys it before it listens.)
    /// </summary>
    private static Task AnswerFailureAsync(HttpContext http)
    {
        Log.Error(http.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>()?.Error, "Request {Path} failed", http.Request.Path);
        return Results.Json(new { error = "The request failed; the server log has the cause." }, statusCode: StatusCodes.Status500InternalServerError).ExecuteAsync(http);
    }

    private static void UseStorage(IGlobalConfiguration configuration, HostConfiguration host)
    {
        var connectionString = host.Configuration.GetConnectionString("Hangfire") ?? host.Database.ConnectionString;
        switch (host.Settings.Engine)
        {
            case EngineKind.PostgreSql:
                configuration.UsePostgreSqlStorage(o => o.UseNpgsqlConnection(connectionString),
                    new PostgreSqlStorageOptions { SchemaName = "hangfire", PrepareSchemaIfNecessary = true, QueuePollInterval = TimeSpan.FromSeconds(1) });
                break;
            case EngineKind.SqlServer:
                configuration.UseSqlServerStorage(connectionString, new SqlServerStorageOptions { SchemaName = "hangfire", PrepareSchemaIfNecessary = true });
                break;
            case EngineKind.Synapse or EngineKind.Fabric:
                // Hangfire's storage needs row locks and sp_getapplock, which neither platform has; its distributed
                // locks are also what makes runs take turns there, so a SQL Server or Azure SQL database is required.
                var storage = host.Configuration.GetConnectionString("Hangfire")
                    ?? throw new InvalidOperationException($"On {host.Settings.Engine} the job storage is a separate SQL Server or Azure SQL database: set ConnectionStrings:Hangfire.");
                configuration.UseSqlServerStorage(storage, new SqlServerStorageOptions { SchemaName = "hangfire", PrepareSchemaIfNecessary = true });
                break;
            default:
                configuration.UseInMemoryStorage();
                break;
        }
    }

    /// <summary>
    /// Every job retries with growing delays (default 3 attempts after 15 s, 60 s, 300 s); after the last
    /// it fails visibly in the dashboard and its continuations do not run.
    /// </summary>
    private static void UseRetries(HostConfiguration host)
    {
        var attempts = host.Configuration.GetValue("Hangfire:Retries", 3);
        var delays = host.Configuration.GetSection("Hangfire:RetryDelaySeconds").Get<int[]>() ?? [15, 60, 300];
        foreach (var filter in GlobalJobFilters.Filters.Where(f => f.Instance is AutomaticRetryAttribute).ToList())
        {
            GlobalJobFilters.Filters.Remove(filter.Instance);
        }

        GlobalJobFilters.Filters.Add(new AutomaticRetryAttribute { Attempts = attempts, DelaysInSeconds = delays, OnAttemptsExceeded = AttemptsExceededAction.Fail });
    }

    /// <summary>
    /// One recurring job per enabled source instance with a cron expression (Schedules:&lt;Source&gt;[:&lt;instance&gt;]:Cron).
    /// A misconfigured instance is logged with the key at fault and left out; the others are scheduled.
    /// </summary>
    private static void RegisterSchedules(IRecurringJobManager recurring, HostConfiguration host)
    {
        foreach (var configured in host.SourceInstances)
        {
            var source = configured.Instance.Key;
            if (configured.Error is { } error)
            {
                Log.Error("{Source} is not scheduled: {Error}", source, error);
                recurring.RemoveIfExists($"run-{source}");
                continue;
            }

            var schedule = host.Schedule(configured.Instance);
            if (schedule.Cron is null || !configured.Enabled)
            {
                recurring.RemoveIfExists($"run-{source}");
                continue;
            }

            var zone = TimeZoneInfo.FindSystemTimeZoneById(schedule.TimeZone);
            recurring.AddOrUpdate<SourceRunJobs>($"run-{source}", j => j.Start(source, null), schedule.Cron, new RecurringJobOptions { TimeZone = zone });
            Log.Information("Scheduled {Source}: {Cron} ({TimeZone})", source, schedule.Cron, schedule.TimeZone);
        }

        var export = host.Configuration.GetSection("Export").Get<ScheduleSettings>() ?? new ScheduleSettings();
        if (export.Cron is null)
        {
            recurring.RemoveIfExists(ScorecardExportJob.RecurringId);
            return;
        }

        recurring.AddOrUpdate<ScorecardExportJob>(ScorecardExportJob.RecurringId, j => j.RunAsync(CancellationToken.None), export.Cron,
            new RecurringJobOptions { TimeZone = TimeZoneInfo.FindSystemTimeZoneById(export.TimeZone) });
        Log.Information("Scheduled the scorecard export: {Cron} ({TimeZone})", export.Cron, export.TimeZone);
    }

    /// <summary>Per scheduled source: the last successful load, whether it is within its freshness limit, and whether the warehouse agrees with the source's own counts.</summary>
    private static async Task<IResult> HealthAsync(HostConfiguration host, CancellationToken ct)
    {
        await using var db = host.Database.Open();
        var last = (await db.GetTable<EtlLoad>().Where(l => l.Status == LoadStatus.Succeeded)
            .GroupBy(l => l.Source).Select(g => new { Source = g.Key, At = g.Max(l => l.EndedAt) }).ToListAsync(ct))
            .ToDictionary(r => r.Source, r => r.At);
        var open = (await Etl.Reconciliation.OpenDifferences.ReadAsync(host.Database, ct)).ToLookup(r => r.Source);
        var reconciliation = await db.GetTable<SourceStatusRow>().ToDictionaryAsync(r => r.Source, r => r.ReconciliationStatus, ct);
        var sources = host.SourceInstances.Where(i => i.Enabled && i.Error is null && host.Schedule(i.Instance).Cron is not null).Select(i =>
        {
            var limit = host.Schedule(i.Instance).FreshnessLimit;
            var at = last.GetValueOrDefault(i.Instance.Key);
            var differences = open[i.Instance.Key].Select(Etl.Reconciliation.ReconciliationSummary.Describe).ToList();
            return new
            {
                source = i.Instance.Key, last_success = at, freshness_limit = limit.ToString(), fresh = at is not null && DateTime.UtcNow - at.Value <= limit,
                reconciliation = reconciliation.GetValueOrDefault(i.Instance.Key, "not checked"),
                differences,
            };
        }).ToList();
        // A source that is late, or whose numbers disagree with its own counts, makes the warehouse unhealthy.
        var status = sources.Any(s => !s.fresh) ? "stale" : sources.Any(s => s.differences.Count > 0) ? "not reconciled" : "ok";
        return Results.Json(new { status, sources }, statusCode: status == "ok" ? 200 : 503);
    }
}
