using System.Globalization;
using System.Runtime.CompilerServices;
using Serilog;
using Warehouse.Etl.Landing;
using Warehouse.Schema.Stg;

namespace Warehouse.Etl.Sources.Salesforce;

/// <summary>
/// One Salesforce object read by SOQL: its fields from the describe (those the org lacks are left out of the query, so a
/// trimmed or customised org still loads), records changed since the cursor less the lookback by SystemModstamp through
/// queryAll (deleted records come back with IsDeleted = true), and a first load of at least BulkThreshold records
/// through a Bulk API 2.0 query job. The query text is built from the describe's own field names, never from input.
/// </summary>
internal abstract class SalesforceObjectStream<TStaging>(SalesforceApi api, int bulkThreshold) : SourceStream<TStaging> where TStaging : class, IStagingRow
{
    /// <summary>The API name of the object ("Lead").</summary>
    protected abstract string ObjectName { get; }

    /// <summary>The fields read when the org has them; Id and SystemModstamp are required.</summary>
    protected abstract IReadOnlyList<string> Fields { get; }

    public override async IAsyncEnumerable<SourceRecord> ReadAsync(StreamContext context, [EnumeratorCancellation] CancellationToken ct)
    {
        var types = await api.DescribeAsync(ObjectName, ct);
        if (types is null)
        {
            Log.Warning("Salesforce: the org has no {Object} object (describe answered 404): nothing read", ObjectName);
            yield break;
        }

        foreach (var required in new[] { "Id", "SystemModstamp" })
        {
            if (!types.ContainsKey(required)) throw new InvalidOperationException($"Salesforce {ObjectName} has no {required} field in its describe: it cannot be read incrementally.");
        }

        var present = new[] { "Id", "SystemModstamp", "IsDeleted" }.Concat(Fields).Distinct(StringComparer.OrdinalIgnoreCase).Where(types.ContainsKey).ToList();
        var missing = Fields.Where(f => !types.ContainsKey(f)).ToList();
        if (missing.Count > 0) Log.Information("Salesforce {Object}: the org has no {Fields}: read without them", ObjectName, string.Join(", ", missing));
        var select = $"SELECT {string.Join(", ", present)} FROM {ObjectName}";
        var where = context.Since is { } since ? " WHERE SystemModstamp >= " + since.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture) : "";
        var bulk = context.Cursor is null && await api.CountAsync($"SELECT COUNT() FROM {ObjectName}", ObjectName, ct) >= bulkThreshold;
        // Bulk API 2.0 takes no ORDER BY ("Understanding Bulk API 2.0 Query", SOQL considerations); the cursor is the greatest SystemModstamp read either way.
        var records = bulk ? api.BulkQueryAsync(select + where, ObjectName, types, ct) : api.QueryAllAsync(select + where + " ORDER BY SystemModstamp ASC, Id ASC", ObjectName, ct);
        await foreach (var record in records) yield return record;
    }

    /// <summary>The record's time of last change, in UTC.</summary>
    protected static DateTime Modified(System.Text.Json.JsonElement json) => json.RequiredTimestamp("SystemModstamp");

    protected static bool Deleted(System.Text.Json.JsonElement json) => json.OptionalBool("IsDeleted") ?? false;
}

/// <summary>Users: the owners of leads and opportunities, their department as team.</summary>
internal sealed class SalesforceUsersStream(SalesforceApi api, int bulkThreshold) : SalesforceObjectStream<StgSalesforceUser>(api, bulkThreshold)
{
    public override string Name => "users";

    protected override string ObjectName => "User";

    protected override IReadOnlyList<string> Fields { get; } = ["Name", "Department", "IsActive"];

    public override IEnumerable<StgSalesforceUser> Map(SourceRecord record, StreamContext context)
    {
        var json = record.Json;
        var id = context.Id(json.RequiredId("Id"));
        yield return new StgSalesforceUser
        {
            LoadId = context.LoadId,
            UserId = id,
            UserName = json.OptionalString("Name", 200) ?? id,
            Team = json.OptionalString("Department", 100) ?? "Unassigned",
            IsActive = json.OptionalBool("IsActive") ?? true,
            UpdatedAt = Modified(json),
            IsDeleted = Deleted(json),
        };
    }
}

/// <summary>Accounts: the companies of the CRM.</summary>
internal sealed class SalesforceAccountsStream(SalesforceApi api, int bulkThreshold) : SalesforceObjectStream<StgSalesforceAccount>(api, bulkThreshold)
{
    public override string Name => "accounts";

    protected override string ObjectName => "Account";

    protected override IReadOnlyList<string> Fields { get; } = ["Name", "Website"];

    public override IEnumerable<StgSalesforceAccount> Map(SourceRecord record, StreamContext context)
    {
        var json = record.Json;
        var id = context.Id(json.RequiredId("Id"));
        yield return new StgSalesforceAccount
        {
            LoadId = context.LoadId,
            AccountId = id,
            AccountName = json.OptionalString("Name", 300) ?? id,
            Domain = json.OptionalString("Website", 300),
            UpdatedAt = Modified(json),
            IsDeleted = Deleted(json),
        };
    }
}

/// <summary>
/// Leads: the rows of the lead funnel, from their creation; a converted lead names the opportunity, contact and account
/// it became (ConvertedOpportunityId is empty when it was converted without an opportunity).
/// </summary>
internal sealed class SalesforceLeadsStream(SalesforceApi api, int bulkThreshold) : SalesforceObjectStream<StgSalesforceLead>(api, bulkThreshold)
{
    public override string Name => "leads";

    protected override string ObjectName => "Lead";

    protected override IReadOnlyList<string> Fields { get; } =
        ["Email", "Status", "IsConverted", "ConvertedDate", "ConvertedOpportunityId", "ConvertedContactId", "ConvertedAccountId", "LeadSource", "OwnerId", "CreatedDate"];

    public override IEnumerable<StgSalesforceLead> Map(SourceRecord record, StreamContext context)
    {
        var json = record.Json;
        var email = json.OptionalString("Email", 320);
        var id = context.Id(json.RequiredId("Id"));
        var created = json.RequiredTimestamp("CreatedDate");
        var converted = json.OptionalBool("IsConverted") ?? false;
        yield return new StgSalesforceLead
        {
            LoadId = context.LoadId,
            LeadId = id,
            CustomerNk = CustomerIdentity.Of(email, "salesforce", id),
            EmailHash = CustomerIdentity.Hash(email),
            Email = context.Settings.StoreEmail ? CustomerIdentity.Normalize(email) : null,
            Status = json.OptionalString("Status", 100),
            CreatedAt = created,
            LeadDateKey = context.Settings.DateKeyOf(created),
            IsConverted = converted,
            ConvertedAt = converted ? SalesforceDates.Date(json, "ConvertedDate") : null,
            ConvertedOpportunityId = context.Id(json.OptionalId("ConvertedOpportunityId"), optional: true),
            ConvertedContactId = context.Id(json.OptionalId("ConvertedContactId"), optional: true),
            ConvertedAccountId = context.Id(json.OptionalId("ConvertedAccountId"), optional: true),
            LeadSource = json.OptionalString("LeadSource", 100)?.ToLowerInvariant(),
            OwnerId = context.Id(json.OptionalId("OwnerId"), optional: true),
            UpdatedAt = Modified(json),
            IsDeleted = Deleted(json),
        };
    }
}

/// <summary>Contacts: people of the CRM, joined to the conformed customer by their e-mail.</summary>
internal sealed class SalesforceContactsStream(SalesforceApi api, int bulkThreshold) : SalesforceObjectStream<StgSalesforceContact>(api, bulkThreshold)
{
    public override string Name => "contacts";

    protected override string ObjectName => "Contact";

    protected override IReadOnlyList<string> Fields { get; } = ["Email", "AccountId", "CreatedDate"];

    public override IEnumerable<StgSalesforceContact> Map(SourceRecord record, StreamContext context)
    {
        var json = record.Json;
        var email = json.OptionalString("Email", 320);
        var id = context.Id(json.RequiredId("Id"));
        yield return new StgSalesforceContact
        {
            LoadId = context.LoadId,
            ContactId = id,
            CustomerNk = CustomerIdentity.Of(email, "salesforce", id),
            EmailHash = CustomerIdentity.Hash(email),
            Email = context.Settings.StoreEmail ? CustomerIdentity.Normalize(email) : null,
            AccountId = context.Id(json.OptionalId("AccountId"), optional: true),
            CreatedAt = json.OptionalTimestamp("CreatedDate") ?? Modified(json),
            UpdatedAt = Modified(json),
            IsDeleted = Deleted(json),
        };
    }
}

/// <summary>
/// Opportunities with their current stage; IsClosed and IsWon come from the stage's settings in the org. CloseDate is a
/// date: a closed opportunity's close time is that date's midnight. CurrencyIsoCode on a multi-currency org, else the
/// reporting currency.
/// </summary>
internal sealed class SalesforceOpportunitiesStream(SalesforceApi api, int bulkThreshold) : SalesforceObjectStream<StgSalesforceOpportunity>(api, bulkThreshold)
{
    public override string Name => "opportunities";

    protected override string ObjectName => "Opportunity";

    protected override IReadOnlyList<string> Fields { get; } =
        ["AccountId", "StageName", "IsClosed", "IsWon", "Amount", "CloseDate", "CreatedDate", "LeadSource", "OwnerId", "CampaignId", "CurrencyIsoCode"];

    public override IEnumerable<StgSalesforceOpportunity> Map(SourceRecord record, StreamContext context)
    {
        var json = record.Json;
        var created = json.RequiredTimestamp("CreatedDate");
        var isWon = json.OptionalBool("IsWon") ?? false;
        var isClosed = (json.OptionalBool("IsClosed") ?? false) || isWon;
        var closed = isClosed ? SalesforceDates.Date(json, "CloseDate") ?? Modified(json) : (DateTime?)null;
        var currency = context.Currency(json.OptionalString("CurrencyIsoCode", 3));
        yield return new StgSalesforceOpportunity
        {
            LoadId = context.LoadId,
            OpportunityId = context.Id(json.RequiredId("Id")),
            AccountId = context.Id(json.OptionalId("AccountId"), optional: true),
            Stage = json.OptionalString("StageName", 100) ?? "unknown",
            Amount = json.OptionalDecimal("Amount"),
            Currency = currency,
            CreatedAt = created,
            CreatedDateKey = context.Settings.DateKeyOf(created),
            ClosedAt = closed,
            ClosedDateKey = SalesforceDates.Key(closed),
            IsClosed = isClosed,
            IsWon = isWon,
            CampaignId = context.Id(json.OptionalId("CampaignId"), optional: true),
            LeadSource = json.OptionalString("LeadSource", 100)?.ToLowerInvariant(),
            OwnerId = context.Id(json.OptionalId("OwnerId"), optional: true),
            UpdatedAt = Modified(json),
            IsDeleted = Deleted(json),
        };
    }
}

/// <summary>
/// Campaigns, where the org has them (Marketing User feature): their names conform them to the campaign dimension that UTM
/// parameters and spend files fill, so an opportunity's primary campaign source counts with the same campaign.
/// </summary>
internal sealed class SalesforceCampaignsStream(SalesforceApi api, int bulkThreshold) : SalesforceObjectStream<StgSalesforceCampaign>(api, bulkThreshold)
{
    public override string Name => "campaigns";

    protected override string ObjectName => "Campaign";

    protected override IReadOnlyList<string> Fields { get; } = ["Name", "Type"];

    public override IEnumerable<StgSalesforceCampaign> Map(SourceRecord record, StreamContext context)
    {
        var json = record.Json;
        var id = context.Id(json.RequiredId("Id"));
        yield return new StgSalesforceCampaign
        {
            LoadId = context.LoadId,
            CampaignId = id,
            CampaignName = json.OptionalString("Name", 300) ?? id,
            CampaignType = json.OptionalString("Type", 100),
            UpdatedAt = Modified(json),
            IsDeleted = Deleted(json),
        };
    }
}

/// <summary>
/// OpportunityHistory: a row each time an opportunity's stage, amount, probability or close date was set (CreatedDate is
/// when). Rows are never edited; they are deleted with their opportunity, which queryAll returns as IsDeleted.
/// </summary>
internal sealed class SalesforceOpportunityHistoryStream(SalesforceApi api, int bulkThreshold) : SalesforceObjectStream<StgSalesforceOpportunityHistory>(api, bulkThreshold)
{
    public override string Name => "opportunity_history";

    protected override string ObjectName => "OpportunityHistory";

    protected override IReadOnlyList<string> Fields { get; } = ["OpportunityId", "StageName", "Amount", "Probability", "CloseDate", "CreatedDate", "CurrencyIsoCode"];

    public override IEnumerable<StgSalesforceOpportunityHistory> Map(SourceRecord record, StreamContext context)
    {
        var json = record.Json;
        var changed = json.RequiredTimestamp("CreatedDate");
        var close = SalesforceDates.Date(json, "CloseDate");
        var probability = json.OptionalDecimal("Probability");
        if (probability is < 0 or > 100) throw new RecordRejectedException($"Probability {probability} is outside 0 to 100");
        yield return new StgSalesforceOpportunityHistory
        {
            LoadId = context.LoadId,
            HistoryId = context.Id(json.RequiredId("Id")),
            OpportunityId = context.Id(json.RequiredId("OpportunityId")),
            Stage = json.OptionalString("StageName", 100) ?? "unknown",
            Amount = json.OptionalDecimal("Amount"),
            Currency = context.Currency(json.OptionalString("CurrencyIsoCode", 3)),
            Probability = probability,
            CloseDateKey = SalesforceDates.Key(close),
            ChangedAt = changed,
            ChangedDateKey = context.Settings.DateKeyOf(changed),
            UpdatedAt = Modified(json),
            IsDeleted = Deleted(json),
        };
    }
}

/// <summary>Salesforce date fields ("CloseDate": "2026-03-08"), taken as that day's midnight.</summary>
internal static class SalesforceDates
{
    /// <summary>The date key of such a day (its midnight), -1 when there is none.</summary>
    public static int Key(DateTime? day) => day is { } d ? Warehouse.Deployment.CalendarBuilder.KeyOf(DateOnly.FromDateTime(d)) : -1;

    public static DateTime? Date(System.Text.Json.JsonElement json, string name)
    {
        var text = json.OptionalString(name, 40);
        if (text is null) return null;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        throw new RecordRejectedException($"unparsable date in '{name}': '{text}' (expected yyyy-MM-dd)");
    }
}
