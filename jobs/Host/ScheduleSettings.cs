namespace Warehouse.Jobs.Host;

/// <summary>When a source runs (section <c>Schedules:&lt;Source&gt;</c>) and how old its data may become.</summary>
public sealed class ScheduleSettings
{
    /// <summary>Cron expression (five fields), evaluated in <see cref="TimeZone"/>.</summary>
    public string? Cron { get; set; }

    /// <summary>IANA time zone of the cron expression; daylight-saving changes are Hangfire's to handle.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>A source whose last successful load is older than this is stale (health endpoint).</summary>
    public TimeSpan FreshnessLimit { get; set; } = TimeSpan.FromHours(26);
}
