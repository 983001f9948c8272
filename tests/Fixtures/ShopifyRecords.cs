using System.Globalization;
using System.Text.Json;

namespace Warehouse.Tests.Fixtures;

/// <summary>Hand-made records in the Shopify Admin REST shapes (the fields the connector reads).</summary>
internal static class ShopifyRecords
{
    public static readonly DateTime Start = new(2026, 3, 1, 9, 0, 0, DateTimeKind.Utc);

    public static string Time(DateTime utc) => utc.ToString("yyyy-MM-ddTHH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Customer(long id, string email, string tags, DateTime updatedAt, string province = "Ontario", string? firstName = null, string? lastName = null) => JsonSerializer.Serialize(new
    {
        id, email, tags, state = "enabled", first_name = firstName, last_name = lastName, created_at = Time(Start.AddDays(-30)), updated_at = Time(updatedAt),
        default_address = new { city = "Toronto", province, country = "Canada" },
    });

    public static string Product(long id, string title, string type, DateTime updatedAt, params (long Id, string Title, decimal Price)[] variants) => JsonSerializer.Serialize(new
    {
        id, title, product_type = type, vendor = "Acme", updated_at = Time(updatedAt),
        variants = variants.Select(v => new { id = v.Id, title = v.Title, price = v.Price.ToString("0.00", CultureInfo.InvariantCulture), sku = "SKU" + v.Id }),
    });

    /// <summary>An order (from the checkout <paramref name="checkoutId"/> when given); lines are (line id, variant id, quantity, price, discount); refunds are (line id, quantity, subtotal).</summary>
    public static string Order(long id, DateTime createdAt, DateTime updatedAt, long? customerId, string? email,
        (long Id, long Variant, int Quantity, decimal Price, decimal Discount)[] lines,
        (long Line, int Quantity, decimal Subtotal)[]? refunds = null, string currency = "USD", string sourceName = "web",
        string? landingSite = null, bool cancelled = false, bool test = false, long? checkoutId = null) => JsonSerializer.Serialize(new
    {
        id,
        name = "#" + id,
        email,
        created_at = Time(createdAt),
        updated_at = Time(updatedAt),
        cancelled_at = cancelled ? Time(updatedAt) : null,
        currency,
        source_name = sourceName,
        landing_site = landingSite,
        checkout_id = checkoutId,
        checkout_token = "chk" + (checkoutId ?? id),
        cart_token = "cart" + (checkoutId ?? id),
        test,
        customer = customerId is null ? null : new { id = customerId, email },
        line_items = lines.Select(l => new
        {
            id = l.Id, variant_id = l.Variant, product_id = 1, quantity = l.Quantity, price = l.Price.ToString("0.00", CultureInfo.InvariantCulture),
            discount_allocations = l.Discount == 0 ? [] : new[] { new { amount = l.Discount.ToString("0.00", CultureInfo.InvariantCulture) } },
        }),
        refunds = (refunds ?? []).Select((r, i) => new
        {
            id = id * 10 + i, created_at = Time(updatedAt),
            refund_line_items = new[] { new { line_item_id = r.Line, quantity = r.Quantity, subtotal = r.Subtotal.ToString("0.00", CultureInfo.InvariantCulture) } },
        }),
    });

    /// <summary>
    /// A checkout as the store holds it: left by the customer (it has its recovery URL) when not completed, or when
    /// <paramref name="recovered"/> (completed later through that URL); completed at once otherwise.
    /// </summary>
    public static string Checkout(long id, DateTime createdAt, DateTime? completedAt, long? customerId, string? email, int items = 1, decimal subtotal = 10m, bool recovered = false) => JsonSerializer.Serialize(new
    {
        abandoned_checkout_url = completedAt is null || recovered ? $"https://shop.example/checkouts/chk{id}/recover" : null,
        id, token = "chk" + id, cart_token = "cart" + id, email, created_at = Time(createdAt), updated_at = Time(completedAt ?? createdAt),
        completed_at = completedAt is null ? null : Time(completedAt.Value), currency = "USD", source_name = "web",
        subtotal_price = subtotal.ToString("0.00", CultureInfo.InvariantCulture),
        customer = customerId is null ? null : new { id = customerId, email },
        line_items = Enumerable.Range(0, items).Select(i => new { quantity = 1, variant_id = 100 + i }),
    });
}
