using Microsoft.Extensions.Configuration;

namespace Warehouse.Etl.Sources;

/// <summary>Settings of one source (configuration section <c>Sources:&lt;Name&gt;</c>).</summary>
public sealed class SourceSettings
{
    public bool Enabled { get; set; } = true;

    /// <summary>Base URL of an API source; any connector can be pointed at a local server.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>API token. Set it through the environment (<c>Sources__Shopify__Token</c>), never in a file in the repository.</summary>
    public string? Token { get; set; }

    /// <summary>Drop folder of a file source: one subfolder per stream.</summary>
    public string? Root { get; set; }

    /// <summary>How the API is called: rate limit, retries, timeouts.</summary>
    public Http.HttpSettings Http { get; set; } = new();

    /// <summary>
    /// Shopify: the Admin API the instance is read through, <c>GraphQL</c> (the default; REST is legacy since 2024-10) or
    /// <c>Rest</c> (for existing custom apps).
    /// </summary>
    public string Api { get; set; } = "GraphQL";

    /// <summary>
    /// Shopify GraphQL: a run whose change is larger than this many records reads it with a bulk operation (a first load
    /// always does). Salesforce: a first load of an object with at least this many records reads it with a Bulk API 2.0 job.
    /// </summary>
    public int BulkThreshold { get; set; } = 2_500;

    /// <summary>Salesforce: the share of the org's daily API requests left to its other integrations; the run stops before using it.</summary>
    public double ApiReserve { get; set; } = 0.1;

    /// <summary>Salesforce: the wait before each request once usage is within twice the reserve of the daily limit.</summary>
    public TimeSpan ApiSlowDown { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Shopify: customer tags that name a segment, in order of precedence.</summary>
    public List<string> SegmentTags { get; set; } = ["vip", "wholesale", "retail"];

    /// <summary>Each run re-reads this much history before the cursor, since sources publish late.</summary>
    public TimeSpan Lookback { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Files: a drop file is taken once its size and modification time have not changed for this long (a writer may still be appending).</summary>
    public TimeSpan SettleTime { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Files: take a drop file only once a marker <c>&lt;name&gt;.done</c> sits beside it (the writer creates it when done).</summary>
    public bool RequireDoneMarker { get; set; }

    /// <summary>Files: the web sessions drop (Sources:Files:web_sessions).</summary>
    [ConfigurationKeyName("web_sessions")]
    public Files.DropStreamSettings WebSessions { get; set; } = new();

    /// <summary>Files: the survey drop (Sources:Files:surveys).</summary>
    [ConfigurationKeyName("surveys")]
    public Files.DropStreamSettings Surveys { get; set; } = new();

    /// <summary>Files: the marketing spend drop (Sources:Files:marketing_spend).</summary>
    [ConfigurationKeyName("marketing_spend")]
    public Files.DropStreamSettings MarketingSpend { get; set; } = new();
}
