using System.Globalization;
using Microsoft.Extensions.Configuration;
using Serilog;
using Serilog.Events;
using Warehouse.Engines;

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

    /// <summary>Settings of a source (section Sources:&lt;Name&gt;).</summary>
    public Etl.Sources.SourceSettings SourceSettings(string name) =>
        Configuration.GetSection($"Sources:{name}").Get<Etl.Sources.SourceSettings>() ?? new Etl.Sources.SourceSettings();

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
