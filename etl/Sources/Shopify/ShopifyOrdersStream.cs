using System.Text.Json;
using Warehouse.Etl.Landing;
using Warehouse.Schema.Stg;

namespace Warehouse.Etl.Sources.Shopify;

/// <summary>
/// Shopify orders, landed as one row per line item with the order's fields beside it. Discounts are the
/// line's discount allocations; refunds are summed per line from the order's refunds, so a refund made
/// after the first load arrives with the order's next update.
/// </summary>
internal sealed class ShopifyOrdersStream(ShopifyApi api) : ShopifyStream<StgShopifyOrderLine>(api)
{
    public override string Name => "orders";

    protected override string Resource => "orders";

    protected override string ExtraQuery => "&status=any&order=updated_at%20asc";

    public override IEnumerable<StgShopifyOrderLine> Map(SourceRecord record, StreamContext context)
    {
        var order = record.Json;
        var orderId = context.Id(order.RequiredId("id"));
        var createdAt = order.RequiredTimestamp("created_at");
        var currency = order.RequiredString("currency").ToUpperInvariant();
        if (!context.Settings.CurrencyRates.ContainsKey(currency))
        {
            throw new RecordRejectedException($"unknown currency '{currency}' (add it to Warehouse:CurrencyRates)");
        }

        var customer = order.Property("customer");
        var customerId = context.Id(customer.OptionalId("id"), optional: true);
        var email = order.OptionalString("email", 320) ?? customer.OptionalString("email", 320);
        var utm = UtmParameters.Parse(order.OptionalString("landing_site", 2000));
        var refunds = RefundsByLine(order);
        var lines = order.Array("line_items").ToList();
        if (lines.Count == 0) throw new RecordRejectedException("order has no line items");

        foreach (var line in lines)
        {
            var rawLineId = line.RequiredId("id");
            var lineId = context.Id(rawLineId);
            // The line's gross amount (price × quantity) is computed by the transform into DECIMAL(18,4): it must fit too.
            if (line.OptionalDecimal("price") is { } unitPrice && line.OptionalInt("quantity") is { } count && Math.Abs(unitPrice * count) >= 100_000_000_000_000m)
            {
                throw new RecordRejectedException($"line {lineId}: price {unitPrice} × quantity {count} is too large for an amount (less than 100000000000000)");
            }

            refunds.TryGetValue(rawLineId, out var refund);
            yield return new StgShopifyOrderLine
            {
                LoadId = context.LoadId,
                OrderId = orderId,
                OrderName = order.OptionalString("name", 50),
                LineId = lineId,
                CustomerId = customerId,
                CustomerNk = CustomerIdentity.Of(email, "shopify", customerId),
                EmailHash = CustomerIdentity.Hash(email),
                CreatedAt = createdAt,
                OrderDateKey = context.Settings.DateKeyOf(createdAt),
                UpdatedAt = order.RequiredTimestamp("updated_at"),
                IsCancelled = order.OptionalTimestamp("cancelled_at") is not null,
                Currency = currency,
                VariantId = context.Id(line.OptionalId("variant_id"), optional: true),
                ProductId = context.Id(line.OptionalId("product_id"), optional: true),
                Quantity = NonNegative(line.RequiredInt("quantity"), "quantity"),
                Price = NonNegative(line.RequiredDecimal("price"), "price"),
                DiscountAmount = Discount(line),
                RefundedQuantity = refund.Quantity,
                RefundAmount = refund.Amount,
                SourceName = order.OptionalString("source_name", 50),
                UtmSource = utm.Source,
                UtmMedium = utm.Medium,
                UtmCampaign = utm.Campaign,
                CartToken = context.Id(order.OptionalString("cart_token", 100), optional: true),
                CheckoutToken = context.Id(order.OptionalString("checkout_token", 100), optional: true),
                CheckoutId = context.Id(order.OptionalId("checkout_id"), optional: true),
                IsTest = order.OptionalBool("test") ?? false,
            };
        }
    }

    private static decimal Discount(JsonElement line)
    {
        var allocations = line.Array("discount_allocations").ToList();
        return allocations.Count > 0 ? allocations.Sum(a => a.RequiredDecimal("amount")) : line.OptionalDecimal("total_discount") ?? 0m;
    }

    private static Dictionary<string, (int Quantity, decimal Amount)> RefundsByLine(JsonElement order)
    {
        var byLine = new Dictionary<string, (int Quantity, decimal Amount)>(StringComparer.Ordinal);
        foreach (var refundLine in order.Array("refunds").SelectMany(r => r.Array("refund_line_items")))
        {
            var lineId = refundLine.RequiredId("line_item_id");
            byLine.TryGetValue(lineId, out var sum);
            byLine[lineId] = (sum.Quantity + (refundLine.OptionalInt("quantity") ?? 0), sum.Amount + (refundLine.OptionalDecimal("subtotal") ?? 0m));
        }

        return byLine;
    }

    private static T NonNegative<T>(T value, string name) where T : System.Numerics.INumber<T> =>
        value < T.Zero ? throw new RecordRejectedException($"'{name}' is negative: {value}") : value;
}
