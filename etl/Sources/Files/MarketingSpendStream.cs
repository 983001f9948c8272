using System.Globalization;
using Warehouse.Engines;
using Warehouse.Etl.Landing;
using Warehouse.Schema.Stg;

namespace Warehouse.Etl.Sources.Files;

/// <summary>Daily spend per campaign, the usual shape of an ad-platform report (date, campaign, channel, spend, currency, impressions, clicks).</summary>
public sealed class MarketingSpendStream(DropFolder folder, WarehouseDatabase database, DropStreamSettings settings) : DropFolderStream<StgMarketingSpend>(folder, database, settings)
{
    public override string Name => "marketing_spend";

    protected override IReadOnlyList<string> RequiredColumns { get; } = ["date", "campaign_id", "spend", "currency"];

    public override IEnumerable<StgMarketingSpend> Map(SourceRecord record, StreamContext context)
    {
        var json = record.Json;
        var text = json.RequiredString("date");
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            throw new RecordRejectedException($"unparsable date in 'date': '{text}' (expected yyyy-MM-dd)");
        }

        if (date > DateOnly.FromDateTime(DateTime.UtcNow).AddDays(1)) throw new RecordRejectedException($"date in 'date' is in the future: {text}");
        var currency = context.Currency(json.RequiredString("currency"));
        var spend = json.RequiredDecimal("spend");
        if (spend < 0) throw new RecordRejectedException($"'spend' is negative: {spend}");
        var campaignId = json.RequiredString("campaign_id");
        yield return new StgMarketingSpend
        {
            LoadId = context.LoadId,
            SpendDateKey = Warehouse.Deployment.CalendarBuilder.KeyOf(date),
            CampaignId = campaignId.Trim().ToLowerInvariant(),
            CampaignName = json.OptionalString("campaign_name", 300) ?? campaignId,
            Channel = (json.OptionalString("channel", 50) ?? "unknown").ToLowerInvariant(),
            Spend = spend,
            Currency = currency,
            Impressions = json.OptionalInt("impressions") ?? 0,
            Clicks = json.OptionalInt("clicks") ?? 0,
            SourceFile = FileOf(record),
            SourceRow = ReadOrderOf(record),
        };
    }
}
