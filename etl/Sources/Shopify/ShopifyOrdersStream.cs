using System.Text.Json;
using Warehouse.Etl.Landing;
using Warehouse.Schema.Stg;

namespace Warehouse.Etl.Sources.Shopify;

/// <summary>
/// Shopify orders, landed as one row per line item with the order's fields beside it. Discounts are the
/// line's discount allocations; refunds are summed per line from the order's refunds, so a refund made
/// after the first load arrives with the order's next update.
/// </summary>
internal sealed class ShopifyOrdersStream(ShopifyApis apis) : ShopifyStream<StgShopifyOrderLine>(apis)
{
    public override string Name => "orders";

    protected override string Resource => "orders";

    protected override string ExtraQuery => "&status=any&order=updated_at%20asc";

    // Order, LineItem, Refund and RefundLineItem of shopify.dev/docs/api/admin-graphql/2026-07/objects; checkoutToken and
    // cartToken since 2026-07 (shopify.dev/changelog/new-checkouttoken-field-added-to-the-order-object).
    public static ShopifyGraphQlQuery Query { get; } = new("orders",
        "id name email createdAt updatedAt cancelledAt test currencyCode sourceName checkoutToken cartToken customer { id email } customerJourneySummary { firstVisit { landingPage } }",
        [
            new("lineItems", "LineItem", "id quantity originalUnitPriceSet { shopMoney { amount } } variant { id } product { id } discountAllocations { allocatedAmountSet { shopMoney { amount } } }", First: 25),
            new("refundLineItems", "RefundLineItem", "id quantity lineItem { id } subtotalSet { shopMoney { amount } }", First: 10, Under: "refunds", UnderType: "Refund"),
        ]);

    protected override ShopifyGraphQlQuery GraphQl => Query;

    protected override IEnumerable<StgShopifyOrderLine> MapRest(JsonElement order, StreamContext context)
    {
        var customer = order.Property("customer");
        var refunds = SumByLine(order.Array("refunds").SelectMany(r => r.Array("refund_line_items"))
            .Select(l => (l.RequiredId("line_item_id"), l.OptionalInt("quantity") ?? 0, l.OptionalDecimal("subtotal") ?? 0m)));
        var header = new Header(order.RequiredId("id"), order.OptionalString("name", 50), customer.OptionalId("id"),
            order.OptionalString("email", 320) ?? customer.OptionalString("email", 320), order.RequiredTimestamp("created_at"), order.RequiredTimestamp("updated_at"),
            order.OptionalTimestamp("cancelled_at") is not null, order.RequiredString("currency"), order.OptionalString("source_name", 50),
            order.OptionalString("landing_site", 2000), order.OptionalString("cart_token", 100), order.OptionalString("checkout_token", 100),
            order.OptionalId("checkout_id"), order.OptionalBool("test") ?? false);
        var lines = order.Array("line_items").Select(line => new Line(line.RequiredId("id"), line.OptionalId("variant_id"), line.OptionalId("product_id"),
            line.RequiredInt("quantity"), line.RequiredDecimal("price"), RestDiscount(line)));
        return Rows(header, lines, refunds, context);
    }

    protected override IEnumerable<StgShopifyOrderLine> MapGraphQl(JsonElement order, StreamContext context)
    {
        var customer = order.Property("customer");
        var refunds = SumByLine(order.Array("refunds").SelectMany(r => Nodes(r, "refundLineItems"))
            .Select(l => (Gid(l.Property("lineItem"), "id") ?? throw new RecordRejectedException("a refund line has no line item"),
                l.OptionalInt("quantity") ?? 0, ShopMoney(l, "subtotalSet") ?? 0m)));
        // The GraphQL Order has no checkout id: a completed checkout is known by its token there.
        var header = new Header(Gid(order, "id")!, order.OptionalString("name", 50), Gid(customer, "id"),
            order.OptionalString("email", 320) ?? customer.OptionalString("email", 320), order.RequiredTimestamp("createdAt"), order.RequiredTimestamp("updatedAt"),
            order.OptionalTimestamp("cancelledAt") is not null, order.RequiredString("currencyCode"), order.OptionalString("sourceName", 50),
            order.Property("customerJourneySummary").Property("firstVisit").OptionalString("landingPage", 2000), order.OptionalString("cartToken", 100),
            order.OptionalString("checkoutToken", 100), null, order.OptionalBool("test") ?? false);
        var lines = Nodes(order, "lineItems").Select(line => new Line(Gid(line, "id")!, Gid(line.Property("variant"), "id"), Gid(line.Property("product"), "id"),
            line.RequiredInt("quantity"), ShopMoney(line, "originalUnitPriceSet") ?? throw new RecordRejectedException("a line item has no originalUnitPriceSet"),
            line.Array("discountAllocations").Sum(a => ShopMoney(a, "allocatedAmountSet") ?? 0m)));
        return Rows(header, lines, refunds, context);
    }

    /// <summary>An order's own fields as either API gives them, ids unqualified.</summary>
    private sealed record Header(string Id, string? Name, string? CustomerId, string? Email, DateTime CreatedAt, DateTime UpdatedAt, bool Cancelled,
        string Currency, string? SourceName, string? LandingPage, string? CartToken, string? CheckoutToken, string? CheckoutId, bool IsTest);

    /// <summary>A line item as either API gives it: unit price in shop money, the sum of its discount allocations.</summary>
    private sealed record Line(string Id, string? VariantId, string? ProductId, int Quantity, decimal Price, decimal Discount);

    /// <summary>The staging rows of an order: one per line, the rules the same whichever API read it.</summary>
    private static IEnumerable<StgShopifyOrderLine> Rows(Header order, IEnumerable<Line> lines, Dictionary<string, (int Quantity, decimal Amount)> refunds, StreamContext context)
    {
        var orderId = context.Id(order.Id);
        var currency = context.Currency(order.Currency);

        var customerId = context.Id(order.CustomerId, optional: true);
        var utm = UtmParameters.Parse(order.LandingPage);
        var all = lines.ToList();
        if (all.Count == 0) throw new RecordRejectedException("order has no line items");
        foreach (var line in all)
        {
            var lineId = context.Id(line.Id);
            // The line's gross amount (price × quantity) is computed by the transform into DECIMAL(18,4): it must fit too.
            if (Math.Abs(line.Price * line.Quantity) >= 100_000_000_000_000m)
            {
                throw new RecordRejectedException($"line {lineId}: price {line.Price} × quantity {line.Quantity} is too large for an amount (less than 100000000000000)");
            }

            refunds.TryGetValue(line.Id, out var refund);
            yield return new StgShopifyOrderLine
            {
                LoadId = context.LoadId,
                OrderId = orderId,
                OrderName = order.Name,
                LineId = lineId,
                CustomerId = customerId,
                CustomerNk = CustomerIdentity.Of(order.Email, "shopify", customerId),
                EmailHash = CustomerIdentity.Hash(order.Email),
                CreatedAt = order.CreatedAt,
                OrderDateKey = context.Settings.DateKeyOf(order.CreatedAt),
                UpdatedAt = order.UpdatedAt,
                IsCancelled = order.Cancelled,
                Currency = currency,
                VariantId = context.Id(line.VariantId, optional: true),
                ProductId = context.Id(line.ProductId, optional: true),
                Quantity = NonNegative(line.Quantity, "quantity"),
                Price = NonNegative(line.Price, "price"),
                DiscountAmount = line.Discount,
                RefundedQuantity = refund.Quantity,
                RefundAmount = refund.Amount,
                SourceName = order.SourceName,
                UtmSource = utm.Source,
                UtmMedium = utm.Medium,
                UtmCampaign = utm.Campaign,
                CartToken = context.Id(order.CartToken, optional: true),
                CheckoutToken = context.Id(order.CheckoutToken, optional: true),
                CheckoutId = context.Id(order.CheckoutId, optional: true),
                IsTest = order.IsTest,
            };
        }
    }

    private static decimal RestDiscount(JsonElement line)
    {
        var allocations = line.Array("discount_allocations").ToList();
        return allocations.Count > 0 ? allocations.Sum(a => a.RequiredDecimal("amount")) : line.OptionalDecimal("total_discount") ?? 0m;
    }

    private static Dictionary<string, (int Quantity, decimal Amount)> SumByLine(IEnumerable<(string Line, int Quantity, decimal Amount)> refundLines)
    {
        var byLine = new Dictionary<string, (int Quantity, decimal Amount)>(StringComparer.Ordinal);
        foreach (var (line, quantity, amount) in refundLines)
        {
            byLine.TryGetValue(line, out var sum);
            byLine[line] = (sum.Quantity + quantity, sum.Amount + amount);
        }

        return byLine;
    }

    private static T NonNegative<T>(T value, string name) where T : System.Numerics.INumber<T> =>
        value < T.Zero ? throw new RecordRejectedException($"'{name}' is negative: {value}") : value;
}
