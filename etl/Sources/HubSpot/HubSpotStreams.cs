using System.Globalization;
using System.Runtime.CompilerServices;
using Warehouse.Etl.Landing;
using Warehouse.Schema.Stg;

namespace Warehouse.Etl.Sources.HubSpot;

/// <summary>Owners (sales people) with their primary team; a small list read whole on every run.</summary>
internal sealed class HubSpotOwnersStream(HubSpotApi api) : SourceStream<StgHubSpotOwner>
{
    public override string Name => "owners";

    public override IAsyncEnumerable<SourceRecord> ReadAsync(StreamContext context, CancellationToken ct) => api.ListAsync("crm/v3/owners", "", ct);

    public override string? Advance(string? current, string? recordCursor) => null;

    public override IEnumerable<StgHubSpotOwner> Map(SourceRecord record, StreamContext context)
    {
        var json = record.Json;
        var teams = json.Array("teams").ToList();
        var team = teams.FirstOrDefault(t => t.OptionalBool("primary") == true);
        yield return new StgHubSpotOwner
        {
            LoadId = context.LoadId,
            OwnerId = context.Id(json.RequiredId("id")),
            OwnerName = $"{json.OptionalString("firstName")} {json.OptionalString("lastName")}".Trim() is { Length: > 0 } name ? name : context.Id(json.RequiredId("id")),
            Team = (team.ValueKind == System.Text.Json.JsonValueKind.Object ? team : teams.FirstOrDefault()).OptionalString("name", 100) ?? "Unassigned",
            UpdatedAt = json.RequiredTimestamp("updatedAt"),
            IsArchived = json.OptionalBool("archived") ?? false,
        };
    }
}

/// <summary>
/// Contacts changed since the cursor (search on lastmodifieddate, less the lookback), then every archived
/// contact (the list endpoint; search does not return them), with the date each lifecycle stage began.
/// </summary>
internal sealed class HubSpotContactsStream(HubSpotApi api) : SourceStream<StgHubSpotContact>
{
    private static readonly string[] Properties =
    [
        "email", "lifecyclestage", "createdate", "lastmodifieddate", "hs_lifecyclestage_lead_date", "hs_lifecyclestage_marketingqualifiedlead_date",
        "hs_lifecyclestage_opportunity_date", "hs_lifecyclestage_customer_date", "hs_analytics_source", "hs_analytics_source_data_1", "hubspot_owner_id",
    ];

    public override string Name => "contacts";

    public override async IAsyncEnumerable<SourceRecord> ReadAsync(StreamContext context, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var record in api.SearchAsync("contacts", "lastmodifieddate", context.Since, Properties, ct)) yield return record;
        await foreach (var record in api.ListAsync("crm/v3/objects/contacts", "&archived=true&properties=" + string.Join(",", Properties), ct)) yield return record;
    }

    public override IEnumerable<StgHubSpotContact> Map(SourceRecord record, StreamContext context)
    {
        var json = record.Json;
        var p = json.Property("properties");
        var id = context.Id(json.RequiredId("id"));
        var email = p.OptionalString("email", 320);
        var created = p.OptionalTimestamp("createdate") ?? json.RequiredTimestamp("createdAt");
        var lead = p.OptionalTimestamp("hs_lifecyclestage_lead_date") ?? created;
        yield return new StgHubSpotContact
        {
            LoadId = context.LoadId,
            ContactId = id,
            CustomerNk = CustomerIdentity.Of(email, "hubspot", id),
            EmailHash = CustomerIdentity.Hash(email),
            Email = context.Settings.StoreEmail ? CustomerIdentity.Normalize(email) : null,
            LifecycleStage = p.OptionalString("lifecyclestage", 50)?.ToLowerInvariant(),
            CreatedAt = created,
            LeadAt = lead,
            LeadDateKey = context.Settings.DateKeyOf(lead),
            MqlAt = p.OptionalTimestamp("hs_lifecyclestage_marketingqualifiedlead_date"),
            OpportunityAt = p.OptionalTimestamp("hs_lifecyclestage_opportunity_date"),
            CustomerAt = p.OptionalTimestamp("hs_lifecyclestage_customer_date"),
            LeadSource = p.OptionalString("hs_analytics_source", 100)?.ToLowerInvariant(),
            Campaign = p.OptionalString("hs_analytics_source_data_1", 100),
            OwnerId = context.Id(p.OptionalId("hubspot_owner_id"), optional: true),
            UpdatedAt = json.RequiredTimestamp("updatedAt"),
            IsArchived = json.OptionalBool("archived") ?? false,
        };
    }
}

/// <summary>
/// Deals with their associated contacts, from the list endpoint (search cannot return associations);
/// only deals updated since the cursor less the lookback are landed.
/// </summary>
internal sealed class HubSpotDealsStream(HubSpotApi api) : SourceStream<StgHubSpotDeal>
{
    private const string Properties = "dealname,amount,dealstage,pipeline,createdate,closedate,hs_is_closed_won,hs_is_closed,hubspot_owner_id,deal_currency_code,hs_lastmodifieddate";

    public override string Name => "deals";

    public override async IAsyncEnumerable<SourceRecord> ReadAsync(StreamContext context, [EnumeratorCancellation] CancellationToken ct)
    {
        var since = context.Since;
        await foreach (var record in api.ListAsync("crm/v3/objects/deals", $"&associations=contacts&archived=false&properties={Properties}", ct))
        {
            if (since is null || record.Cursor is null || Watermark.Parse(record.Cursor) >= since) yield return record;
        }
    }

    public override IEnumerable<StgHubSpotDeal> Map(SourceRecord record, StreamContext context)
    {
        var json = record.Json;
        var p = json.Property("properties");
        var created = p.OptionalTimestamp("createdate") ?? json.RequiredTimestamp("createdAt");
        var closed = p.OptionalTimestamp("closedate");
        var isWon = p.OptionalBool("hs_is_closed_won") ?? false;
        var stage = (p.OptionalString("dealstage", 100) ?? "unknown").ToLowerInvariant();
        var isClosed = (p.OptionalBool("hs_is_closed") ?? false) || isWon || stage is "closedwon" or "closedlost";
        var currency = context.Currency(p.OptionalString("deal_currency_code"));
        var contact = json.Property("associations").Property("contacts").Array("results").Select(r => context.Id(r.OptionalId("id"), optional: true)).FirstOrDefault(i => i is not null);
        yield return new StgHubSpotDeal
        {
            LoadId = context.LoadId,
            DealId = context.Id(json.RequiredId("id")),
            ContactId = contact,
            Pipeline = p.OptionalString("pipeline", 100) ?? "default",
            Stage = stage,
            Amount = p.OptionalDecimal("amount"),
            Currency = currency,
            CreatedAt = created,
            CreatedDateKey = context.Settings.DateKeyOf(created),
            ClosedAt = isClosed ? closed ?? json.RequiredTimestamp("updatedAt") : null,
            ClosedDateKey = isClosed ? context.Settings.DateKeyOf(closed ?? json.RequiredTimestamp("updatedAt")) : -1,
            IsClosed = isClosed,
            IsWon = isWon || stage == "closedwon",
            OwnerId = context.Id(p.OptionalId("hubspot_owner_id"), optional: true),
            UpdatedAt = json.RequiredTimestamp("updatedAt"),
            IsArchived = json.OptionalBool("archived") ?? false,
        };
    }
}

/// <summary>Companies changed since the cursor (search on hs_lastmodifieddate, less the lookback).</summary>
internal sealed class HubSpotCompaniesStream(HubSpotApi api) : SourceStream<StgHubSpotCompany>
{
    private static readonly string[] Properties = ["name", "domain", "hs_lastmodifieddate"];

    public override string Name => "companies";

    public override IAsyncEnumerable<SourceRecord> ReadAsync(StreamContext context, CancellationToken ct) =>
        api.SearchAsync("companies", "hs_lastmodifieddate", context.Since, Properties, ct);

    public override IEnumerable<StgHubSpotCompany> Map(SourceRecord record, StreamContext context)
    {
        var json = record.Json;
        var p = json.Property("properties");
        yield return new StgHubSpotCompany
        {
            LoadId = context.LoadId,
            CompanyId = context.Id(json.RequiredId("id")),
            CompanyName = p.OptionalString("name", 300) ?? json.RequiredId("id"),
            Domain = p.OptionalString("domain", 300),
            UpdatedAt = json.RequiredTimestamp("updatedAt"),
            IsArchived = json.OptionalBool("archived") ?? false,
        };
    }
}
