using Warehouse.Etl.Landing;
using Warehouse.Schema.Stg;

namespace Warehouse.Etl.Sources.Shopify;

/// <summary>
/// Shopify's abandoned checkouts (GET /admin/api/{version}/checkouts.json, "Retrieves a list of abandoned
/// checkouts"). Completed checkouts are not in this list: they are known from the orders that completed them.
/// </summary>
internal sealed class ShopifyCheckoutsStream(ShopifyApi api) : ShopifyStream<StgShopifyCheckout>(api)
{
    public override string Name => "checkouts";

    protected override string Resource => "checkouts";

    public override IEnumerable<StgShopifyCheckout> Map(SourceRecord record, StreamContext context)
    {
        var checkout = record.Json;
        var id = context.Id(checkout.RequiredId("id"));
        var createdAt = checkout.RequiredTimestamp("created_at");
        var completedAt = checkout.OptionalTimestamp("completed_at");
        var currency = (checkout.OptionalString("currency") ?? context.Settings.ReportingCurrency).ToUpperInvariant();
        if (!context.Settings.CurrencyRates.ContainsKey(currency))
        {
            throw new RecordRejectedException($"unknown currency '{currency}' (add it to Warehouse:CurrencyRates)");
        }

        var customerId = context.Id(checkout.Property("customer").OptionalId("id"), optional: true);
        var email = checkout.OptionalString("email", 320) ?? checkout.Property("customer").OptionalString("email", 320);
        var utm = UtmParameters.Parse(checkout.OptionalString("landing_site", 2000));
        yield return new StgShopifyCheckout
        {
            LoadId = context.LoadId,
            CheckoutId = id,
            Token = context.Id(checkout.OptionalString("token", 100), optional: true),
            CartToken = context.Id(checkout.OptionalString("cart_token", 100), optional: true),
            CustomerId = customerId,
            CustomerNk = CustomerIdentity.Of(email, "shopify", customerId),
            EmailHash = CustomerIdentity.Hash(email),
            CreatedAt = createdAt,
            CreatedDateKey = context.Settings.DateKeyOf(createdAt),
            CompletedAt = completedAt,
            CompletedDateKey = completedAt is { } done ? context.Settings.DateKeyOf(done) : -1,
            UpdatedAt = checkout.RequiredTimestamp("updated_at"),
            Currency = currency,
            ItemCount = checkout.Array("line_items").Sum(l => l.OptionalInt("quantity") ?? 1),
            Subtotal = checkout.OptionalDecimal("subtotal_price") ?? 0m,
            SourceName = checkout.OptionalString("source_name", 50),
            UtmSource = utm.Source,
            UtmMedium = utm.Medium,
            UtmCampaign = utm.Campaign,
        };
    }
}
