using System.Text.Json;
using Warehouse.Etl.Landing;
using Warehouse.Schema.Stg;

namespace Warehouse.Etl.Sources.Shopify;

/// <summary>
/// Shopify's abandoned checkouts (GET /admin/api/{version}/checkouts.json, "Retrieves a list of abandoned
/// checkouts"). Completed checkouts are not in this list: they are known from the orders that completed them.
/// </summary>
internal sealed class ShopifyCheckoutsStream(ShopifyApis apis) : ShopifyStream<StgShopifyCheckout>(apis)
{
    public override string Name => "checkouts";

    protected override string Resource => "checkouts";

    // shopify.dev/docs/api/admin-graphql/2026-07/queries/abandonedCheckouts ("both abandoned and recovered checkouts") and
    // .../objects/AbandonedCheckout, which has no token, cart token, e-mail, landing page or source of its own.
    public static ShopifyGraphQlQuery Query { get; } = new("abandonedCheckouts",
        "id abandonedCheckoutUrl createdAt updatedAt completedAt customer { id email } subtotalPriceSet { shopMoney { amount currencyCode } }",
        [new("lineItems", "AbandonedCheckoutLineItem", "id quantity", First: 50)], SortKey: "ID");

    protected override ShopifyGraphQlQuery GraphQl => Query;

    protected override IEnumerable<StgShopifyCheckout> MapGraphQl(JsonElement checkout, StreamContext context)
    {
        var customer = checkout.Property("customer");
        var subtotal = checkout.Property("subtotalPriceSet").Property("shopMoney");
        yield return Row(new Fields(Gid(checkout, "id")!, TokenOf(checkout.OptionalString("abandonedCheckoutUrl", 2000)), null, Gid(customer, "id"),
            customer.OptionalString("email", 320), checkout.RequiredTimestamp("createdAt"), checkout.OptionalTimestamp("completedAt"),
            checkout.RequiredTimestamp("updatedAt"), subtotal.OptionalString("currencyCode"), Nodes(checkout, "lineItems").Sum(l => l.OptionalInt("quantity") ?? 1),
            subtotal.OptionalDecimal("amount") ?? 0m, null, null), context);
    }

    protected override IEnumerable<StgShopifyCheckout> MapRest(JsonElement checkout, StreamContext context)
    {
        var customer = checkout.Property("customer");
        yield return Row(new Fields(checkout.RequiredId("id"), checkout.OptionalString("token", 100), checkout.OptionalString("cart_token", 100), customer.OptionalId("id"),
            checkout.OptionalString("email", 320) ?? customer.OptionalString("email", 320), checkout.RequiredTimestamp("created_at"), checkout.OptionalTimestamp("completed_at"),
            checkout.RequiredTimestamp("updated_at"), checkout.OptionalString("currency"), checkout.Array("line_items").Sum(l => l.OptionalInt("quantity") ?? 1),
            checkout.OptionalDecimal("subtotal_price") ?? 0m, checkout.OptionalString("source_name", 50), checkout.OptionalString("landing_site", 2000)), context);
    }

    /// <summary>A checkout's fields as either API gives them, ids unqualified.</summary>
    private sealed record Fields(string Id, string? Token, string? CartToken, string? CustomerId, string? Email, DateTime CreatedAt, DateTime? CompletedAt,
        DateTime UpdatedAt, string? Currency, int ItemCount, decimal Subtotal, string? SourceName, string? LandingPage);

    /// <summary>
    /// The checkout's token from its recovery URL, whose path ends in it (…/checkouts/{token}/recover, or
    /// …/orders/{shop}/{token}?recovered=1 in Shopify's recorded responses): the order that completes a recovered checkout
    /// names it by that token (Order.checkoutToken), so the two are one checkout as they are through REST.
    /// </summary>
    private static string? TokenOf(string? recoveryUrl)
    {
        if (!Uri.TryCreate(recoveryUrl, UriKind.Absolute, out var url)) return null;
        var segments = url.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (segments.Count > 0 && segments[^1] == "recover") segments.RemoveAt(segments.Count - 1);
        return segments.Count > 0 ? Uri.UnescapeDataString(segments[^1]) : null;
    }

    private static StgShopifyCheckout Row(Fields checkout, StreamContext context)
    {
        var currency = context.Currency(checkout.Currency);

        var customerId = context.Id(checkout.CustomerId, optional: true);
        var utm = UtmParameters.Parse(checkout.LandingPage);
        return new StgShopifyCheckout
        {
            LoadId = context.LoadId,
            CheckoutId = context.Id(checkout.Id),
            Token = context.Id(checkout.Token, optional: true),
            CartToken = context.Id(checkout.CartToken, optional: true),
            CustomerId = customerId,
            CustomerNk = CustomerIdentity.Of(checkout.Email, "shopify", customerId),
            EmailHash = CustomerIdentity.Hash(checkout.Email),
            CreatedAt = checkout.CreatedAt,
            CreatedDateKey = context.Settings.DateKeyOf(checkout.CreatedAt),
            CompletedAt = checkout.CompletedAt,
            CompletedDateKey = checkout.CompletedAt is { } done ? context.Settings.DateKeyOf(done) : -1,
            UpdatedAt = checkout.UpdatedAt,
            Currency = currency,
            ItemCount = checkout.ItemCount,
            Subtotal = checkout.Subtotal,
            SourceName = checkout.SourceName,
            UtmSource = utm.Source,
            UtmMedium = utm.Medium,
            UtmCampaign = utm.Campaign,
        };
    }
}
