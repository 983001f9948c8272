using System.Text.Json;
using Warehouse.Etl.Http;
using Warehouse.Etl.Pipeline;
using Warehouse.Etl.Simulation;
using Warehouse.Etl.Sources;
using Warehouse.Etl.Sources.Salesforce;
using Warehouse.Jobs.Demo;

namespace Warehouse.Tests.Fixtures;

/// <summary>A local Salesforce-shaped server (the SalesforceSimulator) and the real connector pointed at it.</summary>
internal sealed class SalesforceTestSource : IAsyncDisposable
{
    private SalesforceTestSource(LoopbackApiServer server) => Server = server;

    public LoopbackApiServer Server { get; }

    public SalesforceSimulator Simulator => Server.Salesforce;

    /// <summary>Records by object API name, REST-shaped (<see cref="SalesforceRecords"/>).</summary>
    public Dictionary<string, List<string>> Objects { get; } = new(StringComparer.Ordinal)
    {
        ["User"] = [], ["Account"] = [], ["Campaign"] = [], ["Lead"] = [], ["Contact"] = [], ["Opportunity"] = [], ["OpportunityHistory"] = [],
    };

    public SourceSettings Settings { get; } = new()
    {
        Token = "test-token",
        Lookback = TimeSpan.Zero,
        Http = new HttpSettings { RequestsPerSecond = 1000, MaxRetries = 3, RetryDelay = TimeSpan.FromMilliseconds(20), AttemptTimeout = TimeSpan.FromSeconds(5), TotalTimeout = TimeSpan.FromSeconds(30) },
    };

    public SourceInstance? Instance { get; set; }

    public static async Task<SalesforceTestSource> StartAsync() => new(await LoopbackApiServer.StartAsync());

    public async Task<SourceRunResult> RunAsync(Warehouse.Engines.WarehouseDatabase database, WarehouseSettings settings)
    {
        foreach (var (name, records) in Objects) Simulator.Records[name] = ApiRecordSet.FromJson(records, "SystemModstamp");
        Settings.BaseUrl = Server.BaseAddress.ToString();
        using var source = new SalesforceSource(Settings, Instance);
        return await new SourcePipeline(database, settings).RunAsync(source, CancellationToken.None);
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}

/// <summary>Salesforce records in the REST shapes of the recorded answers (attributes, Id, times as 2026-05-01T07:25:37.000+0000).</summary>
internal static class SalesforceRecords
{
    public static string Time(DateTime at) => at.ToString("yyyy-MM-ddTHH:mm:ss.fff+0000", System.Globalization.CultureInfo.InvariantCulture);

    public static string Date(DateTime at) => at.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static string Record(string type, string id, DateTime modified, bool deleted, Dictionary<string, object?> fields)
    {
        var record = new Dictionary<string, object?>
        {
            ["attributes"] = new { type, url = $"/services/data/v62.0/sobjects/{type}/{id}" },
            ["Id"] = id,
            ["IsDeleted"] = deleted,
        };
        foreach (var (name, value) in fields) record[name] = value;
        record["SystemModstamp"] = Time(modified);
        return JsonSerializer.Serialize(record);
    }

    public static string User(string id, string name, string department, DateTime modified) =>
        Record("User", id, modified, false, new() { ["Name"] = name, ["Department"] = department, ["IsActive"] = true, ["CreatedDate"] = Time(modified) });

    public static string Account(string id, string name, DateTime modified, string? website = null) =>
        Record("Account", id, modified, false, new() { ["Name"] = name, ["Website"] = website, ["CreatedDate"] = Time(modified) });

    public static string Lead(string id, string? email, DateTime created, string owner, string status = "Open - Not Contacted", DateTime? converted = null, string? opportunity = null,
        string? account = null, string? contact = null, string? source = null, DateTime? modified = null, bool deleted = false) =>
        Record("Lead", id, modified ?? converted ?? created, deleted, new()
        {
            ["Email"] = email, ["Status"] = converted is null ? status : "Closed - Converted", ["IsConverted"] = converted is not null,
            ["ConvertedDate"] = converted is { } c ? Date(c) : null, ["ConvertedOpportunityId"] = opportunity, ["ConvertedAccountId"] = account, ["ConvertedContactId"] = contact,
            ["LeadSource"] = source, ["OwnerId"] = owner, ["CreatedDate"] = Time(created),
        });

    public static string Contact(string id, string? email, DateTime created, string? account = null, DateTime? modified = null) =>
        Record("Contact", id, modified ?? created, false, new() { ["Email"] = email, ["AccountId"] = account, ["CreatedDate"] = Time(created) });

    /// <summary>An opportunity; <paramref name="closed"/> is its CloseDate, and a closed one is won or lost by <paramref name="won"/>.</summary>
    public static string Opportunity(string id, DateTime created, string owner, string stage, DateTime? closed = null, bool won = false, decimal? amount = 1000m, string? account = null,
        DateTime? modified = null, bool deleted = false, string? currency = null, string? campaign = null)
    {
        var fields = new Dictionary<string, object?>
        {
            ["AccountId"] = account, ["StageName"] = stage, ["IsClosed"] = closed is not null, ["IsWon"] = closed is not null && won, ["Amount"] = amount,
            ["CloseDate"] = Date(closed ?? created.AddDays(30)), ["LeadSource"] = null, ["OwnerId"] = owner, ["CampaignId"] = campaign, ["CreatedDate"] = Time(created),
        };
        if (currency is not null) fields["CurrencyIsoCode"] = currency;
        return Record("Opportunity", id, modified ?? closed ?? created, deleted, fields);
    }

    public static string Campaign(string id, string name, DateTime modified, string type = "Email", bool deleted = false) =>
        Record("Campaign", id, modified, deleted, new() { ["Name"] = name, ["Type"] = type, ["CreatedDate"] = Time(modified) });

    /// <summary>An OpportunityHistory row: the stage (and amount, probability, close date) an opportunity was given at <paramref name="at"/>.</summary>
    public static string History(string id, string opportunity, string stage, DateTime at, decimal? amount = 1000m, decimal? probability = 10m, DateTime? close = null,
        bool deleted = false, DateTime? modified = null) =>
        Record("OpportunityHistory", id, modified ?? at, deleted, new()
        {
            ["OpportunityId"] = opportunity, ["StageName"] = stage, ["Amount"] = amount, ["Probability"] = probability,
            ["CloseDate"] = close is { } c ? Date(c) : null, ["CreatedDate"] = Time(at),
        });
}
