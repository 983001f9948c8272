using System.Globalization;
using Microsoft.Extensions.Configuration;
using Serilog;
using Serilog.Events;
using Warehouse.Engines;
using Warehouse.Etl.Sources;

namespace Warehouse.Jobs;

/// <summary>
/// Configuration in the usual .NET order: appsettings.json, appsettings.{DOTNET_ENVIRONMENT}.json,
/// then environment variables (<c>Warehouse__Engine</c>, <c>ConnectionStrings__Warehouse</c>, <c>Sources__Shopify__Token</c>, ...).
/// </summary>
public sealed class HostConfiguration
{
    public HostConfiguration(IConfiguration configuration)
    {
        Configuration = configuration;
        Settings = configuration.GetSection(WarehouseSettings.Section).Get<WarehouseSettings>() ?? new WarehouseSettings();
        Settings.Validate();
        var connectionString = configuration.GetConnectionString("Warehouse");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException("ConnectionStrings:Warehouse is not set (environment variable ConnectionStrings__Warehouse).");
        }

        Database = new WarehouseDatabase(Settings.Engine, connectionString);
    }

    public IConfiguration Configuration { get; }

    public WarehouseSettings Settings { get; }

    public WarehouseDatabase Database { get; }

    /// <summary>KPI thresholds and the alert webhook (section Alerts).</summary>
    public Alerts.AlertSettings Alerts => Configuration.GetSection("Alerts").Get<Alerts.AlertSettings>() ?? new Alerts.AlertSettings();

    /// <summary>Every instance of every source (section Sources), each with its settings or the error that keeps it from running.</summary>
    public IReadOnlyList<ConfiguredInstance> SourceInstances => SourceConfiguration.All(Configuration);

    /// <summary>The instances a command line names: a source (all its instances) or <c>source:instance</c>.</summary>
    public IReadOnlyList<ConfiguredInstance> SelectInstances(string selector) => SourceConfiguration.Select(Configuration, selector);

    /// <summary>One instance by the key jobs and etl tables know it by (<c>Shopify</c>, <c>Shopify:eu</c>).</summary>
    public ConfiguredInstance SourceInstance(string key) => SourceConfiguration.ByKey(Configuration, key);

    /// <summary>The connector of an instance; a misconfigured instance fails here with the message naming its key.</summary>
    public ISource CreateSource(ConfiguredInstance configured) =>
        configured.Error is { } error ? throw new InvalidOperationException(error) : SourceModules.Create(configured.Instance, configured.Settings!, Database);

    /// <summary>
    /// When an instance runs: <c>Schedules:&lt;Source&gt;:&lt;instance&gt;</c> where it is set, else <c>Schedules:&lt;Source&gt;</c>
    /// (the instance section's own keys override the source's).
    /// </summary>
    public Host.ScheduleSettings Schedule(Etl.Sources.SourceInstance instance)
    {
        var schedule = Configuration.GetSection($"Schedules:{instance.Source}").Get<Host.ScheduleSettings>() ?? new Host.ScheduleSettings();
        if (!instance.IsDefault) Configuration.GetSection($"Schedules:{instance.Source}:{instance.Name}").Bind(schedule);
        return schedule;
    }

    public static IConfiguration Load(IEnumerable<KeyValuePair<string, string?>>? overrides = null)
    {
        var environment = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? "Production";
        return new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: false)
            .AddJsonFile($"appsettings.{environment}.json", optional: true)
            .AddEnvironmentVariables()
            .AddInMemoryCollection(overrides ?? [])
            .Build();
    }

    /// <summary>
    /// Logs go to standard error so that <c>kpi --format json</c> and <c>script</c> can be piped;
    /// a rolling file is added when <c>Logging:File</c> names one.
    /// </summary>
    public static ILogger CreateLogger(IConfiguration configuration)
    {
        var logger = new LoggerConfiguration()
            .ReadFrom.Configuration(configuration)
            .Enrich.FromLogContext()
            .WriteTo.Console(formatProvider: CultureInfo.InvariantCulture, standardErrorFromLevel: LogEventLevel.Verbose, outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}");
        var file = configuration["Logging:File"];
        if (!string.IsNullOrWhiteSpace(file))
        {
            logger = logger.WriteTo.File(file, formatProvider: CultureInfo.InvariantCulture, rollingInterval: RollingInterval.Day, retainedFileCountLimit: 14,
                outputTemplate: "{Timestamp:o} [{Level:u3}] {Message:lj} {Properties:j}{NewLine}{Exception}");
        }

        return logger.CreateLogger();
    }
}
