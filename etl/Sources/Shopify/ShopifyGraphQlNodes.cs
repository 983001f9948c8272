using System.Text.Json;
using System.Text.Json.Nodes;

namespace Warehouse.Etl.Sources.Shopify;

/// <summary>
/// The simulator's GraphQL objects, rendered from the same shop records its REST lists serve, so one shop answers
/// both APIs. Field names and types follow the GraphQL Admin API reference (shopify.dev/docs/api/admin-graphql/2026-07/objects/Order,
/// .../objects/LineItem, .../objects/Refund, .../objects/Customer, .../objects/Product, .../objects/ProductVariant,
/// .../objects/AbandonedCheckout): ids are global ids (<c>gid://shopify/Order/123</c>, shopify.dev/docs/api/usage/gids),
/// money is a MoneyBag of shop and presentment money (.../objects/MoneyBag), enums are upper case, and connections
/// are marked (<see cref="Connection"/>) so that the query's <c>first</c>, <c>edges</c>, <c>nodes</c> and <c>pageInfo</c> apply.
/// </summary>
internal static class ShopifyGraphQlNodes
{
    /// <summary>The property that marks a connection's list of nodes in a rendered object.</summary>
    public const string Connection = "\u0001connection";

    public static JsonObject Render(string resource, string restJson)
    {
        using var document = JsonDocument.Parse(restJson);
        var rest = document.RootElement;
        return resource switch
        {
            "orders" => Order(rest),
            "customers" => Customer(rest),
            "products" => Product(rest),
            "checkouts" => AbandonedCheckout(rest),
            _ => throw new ArgumentOutOfRangeException(nameof(resource), resource, "no GraphQL type"),
        };
    }

    public static string Gid(string type, JsonElement id) => $"gid://shopify/{type}/{id.ToString()}";

    private static JsonObject Order(JsonElement o)
    {
        var currency = Text(o, "currency") ?? "USD";
        return new JsonObject
        {
            ["id"] = Gid("Order", o.GetProperty("id")),
            ["legacyResourceId"] = o.GetProperty("id").ToString(),
            ["name"] = Text(o, "name"),
            ["email"] = Text(o, "email"),
            ["createdAt"] = Text(o, "created_at"),
            ["updatedAt"] = Text(o, "updated_at"),
            ["cancelledAt"] = Text(o, "cancelled_at"),
            ["closedAt"] = Text(o, "closed_at"),
            ["test"] = o.TryGetProperty("test", out var test) && test.ValueKind == JsonValueKind.True,
            ["currencyCode"] = currency,
            ["presentmentCurrencyCode"] = Text(o, "presentment_currency") ?? currency,
            ["sourceName"] = Text(o, "source_name"),
            // Order.checkoutToken and Order.cartToken: shopify.dev/changelog/new-checkouttoken-field-added-to-the-order-object (2026-07).
            ["checkoutToken"] = Text(o, "checkout_token"),
            ["cartToken"] = Text(o, "cart_token"),
            // The first visit's landing page, with its UTM parameters: .../objects/CustomerJourneySummary, .../objects/CustomerVisit.
            ["customerJourneySummary"] = Text(o, "landing_site") is { } landing
                ? new JsonObject { ["firstVisit"] = new JsonObject { ["landingPage"] = landing } }
                : null,
            ["customer"] = CustomerRef(o),
            ["lineItems"] = Nodes(Items(o, "line_items").Select(l => (JsonNode)new JsonObject
            {
                ["id"] = Gid("LineItem", l.GetProperty("id")),
                ["quantity"] = l.TryGetProperty("quantity", out var q) ? q.GetInt32() : 0,
                ["originalUnitPriceSet"] = Money(Text(l, "price"), currency),
                ["variant"] = Ref("ProductVariant", l, "variant_id"),
                ["product"] = Ref("Product", l, "product_id"),
                ["discountAllocations"] = new JsonArray(Items(l, "discount_allocations")
                    .Select(a => (JsonNode)new JsonObject { ["allocatedAmountSet"] = Money(Text(a, "amount"), currency) }).ToArray()),
            })),
            ["refunds"] = new JsonArray(Items(o, "refunds").Select(r => (JsonNode)new JsonObject
            {
                ["id"] = Gid("Refund", r.GetProperty("id")),
                ["createdAt"] = Text(r, "created_at"),
                ["refundLineItems"] = Nodes(Items(r, "refund_line_items").Select((rl, i) => (JsonNode)new JsonObject
                {
                    ["id"] = $"gid://shopify/RefundLineItem/{r.GetProperty("id")}{i:D2}",
                    ["quantity"] = rl.TryGetProperty("quantity", out var rq) ? rq.GetInt32() : 0,
                    ["lineItem"] = new JsonObject { ["id"] = Gid("LineItem", rl.GetProperty("line_item_id")) },
                    ["subtotalSet"] = Money(Text(rl, "subtotal"), currency),
                })),
            }).ToArray()),
        };
    }

    private static JsonObject Customer(JsonElement c)
    {
        var address = c.TryGetProperty("default_address", out var a) && a.ValueKind == JsonValueKind.Object ? a : default;
        return new JsonObject
        {
            ["id"] = Gid("Customer", c.GetProperty("id")),
            ["legacyResourceId"] = c.GetProperty("id").ToString(),
            // Customer.email is deprecated for defaultEmailAddress.emailAddress (.../objects/Customer); both are served.
            ["email"] = Text(c, "email"),
            ["defaultEmailAddress"] = Text(c, "email") is { } email ? new JsonObject { ["emailAddress"] = email } : null,
            ["firstName"] = Text(c, "first_name"),
            ["lastName"] = Text(c, "last_name"),
            // Customer.tags is a list of strings; REST gives one comma-separated string.
            ["tags"] = new JsonArray((Text(c, "tags") ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(t => (JsonNode)t).ToArray()),
            ["state"] = Text(c, "state")?.ToUpperInvariant(),
            ["createdAt"] = Text(c, "created_at"),
            ["updatedAt"] = Text(c, "updated_at"),
            ["defaultAddress"] = address.ValueKind == JsonValueKind.Object
                ? new JsonObject { ["country"] = Text(address, "country"), ["province"] = Text(address, "province"), ["city"] = Text(address, "city") }
                : null,
        };
    }

    private static JsonObject Product(JsonElement p) => new()
    {
        ["id"] = Gid("Product", p.GetProperty("id")),
        ["legacyResourceId"] = p.GetProperty("id").ToString(),
        ["title"] = Text(p, "title"),
        ["productType"] = Text(p, "product_type") ?? "",
        ["vendor"] = Text(p, "vendor") ?? "",
        ["updatedAt"] = Text(p, "updated_at"),
        ["variants"] = Nodes(Items(p, "variants").Select(v => (JsonNode)new JsonObject
        {
            ["id"] = Gid("ProductVariant", v.GetProperty("id")),
            ["sku"] = Text(v, "sku"),
            ["title"] = Text(v, "title"),
            // ProductVariant.price is a Money scalar (a decimal string) since 2024-04 (.../objects/ProductVariant).
            ["price"] = Text(v, "price"),
            ["updatedAt"] = Text(v, "updated_at") ?? Text(p, "updated_at"),
        })),
    };

    // AbandonedCheckout has no token, cart token, landing page or source (.../objects/AbandonedCheckout): those stay REST's.
    private static JsonObject AbandonedCheckout(JsonElement c)
    {
        var currency = Text(c, "currency") ?? "USD";
        return new JsonObject
        {
            ["id"] = Gid("AbandonedCheckout", c.GetProperty("id")),
            ["abandonedCheckoutUrl"] = Text(c, "abandoned_checkout_url"),
            ["createdAt"] = Text(c, "created_at"),
            ["updatedAt"] = Text(c, "updated_at"),
            ["completedAt"] = Text(c, "completed_at"),
            ["customer"] = CustomerRef(c),
            ["subtotalPriceSet"] = Money(Text(c, "subtotal_price"), currency),
            ["lineItems"] = Nodes(Items(c, "line_items").Select((l, i) => (JsonNode)new JsonObject
            {
                ["id"] = $"gid://shopify/AbandonedCheckoutLineItem/{c.GetProperty("id")}{i:D3}",
                ["quantity"] = l.TryGetProperty("quantity", out var q) ? q.GetInt32() : 1,
            })),
        };
    }

    private static JsonObject? CustomerRef(JsonElement record) =>
        record.TryGetProperty("customer", out var customer) && customer.ValueKind == JsonValueKind.Object
            ? new JsonObject { ["id"] = Gid("Customer", customer.GetProperty("id")), ["email"] = Text(customer, "email") }
            : null;

    private static JsonObject? Ref(string type, JsonElement record, string property) =>
        record.TryGetProperty(property, out var id) && id.ValueKind is JsonValueKind.Number or JsonValueKind.String ? new JsonObject { ["id"] = Gid(type, id) } : null;

    private static JsonObject Money(string? amount, string currency)
    {
        var money = new JsonObject { ["amount"] = amount ?? "0.0", ["currencyCode"] = currency };
        return new JsonObject { ["shopMoney"] = money, ["presentmentMoney"] = money.DeepClone() };
    }

    private static JsonObject Nodes(IEnumerable<JsonNode> nodes) => new() { [Connection] = new JsonArray(nodes.ToArray()) };

    private static List<JsonElement> Items(JsonElement record, string property) =>
        record.TryGetProperty(property, out var list) && list.ValueKind == JsonValueKind.Array ? [.. list.EnumerateArray()] : [];

    private static string? Text(JsonElement record, string property) =>
        record.ValueKind == JsonValueKind.Object && record.TryGetProperty(property, out var value) && value.ValueKind != JsonValueKind.Null
            ? (value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText())
            : null;
}
