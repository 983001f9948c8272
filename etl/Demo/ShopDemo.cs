using static Warehouse.Etl.Demo.DemoWorld;

namespace Warehouse.Etl.Demo;

/// <summary>
/// The shop: products, customers, orders (discounts, refunds, cancellations, currencies, UTM landing
/// sites, a few test orders), checkouts (every order's, plus abandoned ones) and the web sessions around them.
/// </summary>
internal sealed class ShopDemo(DemoWorld world, DemoOutput output)
{
    private const string SessionHeader = "session_id,user_pseudo_id,user_id,session_start,source,medium,campaign,landing_page,page_views,engaged,key_events,transaction_id,device_category,country";
    private long nextOrderId = 450_000_000;
    private long nextLineId = 1_000_000_000;
    private long nextCheckoutId = 900_000_000;
    private long nextSessionId = 1;

    public void Write(CancellationToken ct)
    {
        foreach (var p in world.Products)
        {
            output.Json("shopify", "products", new
            {
                id = p.Id, title = p.Title, product_type = p.Category, vendor = "Acme", created_at = ShopTime(world.Start.AddDays(-90)), updated_at = ShopTime(world.Start.AddDays(-30)),
                variants = p.Variants.Select(v => new { id = v.Id, product_id = p.Id, title = v.Title, price = Money(v.Price), sku = $"SKU-{v.Id}" }),
            });
        }

        for (var i = 0; i < world.People.Count; i++)
        {
            ct.ThrowIfCancellationRequested();
            var person = world.People[i];
            var retagged = world.Random.NextDouble() < 0.04;
            output.Json("shopify", "customers", new
            {
                id = person.ShopifyId, email = person.Email, first_name = person.FirstName, last_name = person.LastName, state = "enabled",
                tags = retagged ? "vip" : person.Segment, created_at = ShopTime(person.Since), updated_at = ShopTime(retagged ? world.RandomTime(person.Since, world.End) : person.Since),
                default_address = new { city = person.City, province = person.Province, country = person.Country },
            });
            WriteOrdersOf(i, person);
        }

        WriteBrowsingSessions(ct);
    }

    private void WriteOrdersOf(int index, DemoPerson person)
    {
        var repeater = world.Random.NextDouble() < 0.35;
        var orders = repeater ? 3 + world.Random.Next(10) : 1;
        var at = person.Since;
        for (var n = 0; n < orders && at < world.End; n++)
        {
            WriteOrder(index, person, at);
            // Some customers lapse for longer than the churn window.
            at = at.AddDays(world.Random.NextDouble() < 0.15 ? 150 + world.Random.Next(150) : 10 + world.Random.Next(80)).AddMinutes(world.Random.Next(1440));
        }

    }

    /// <summary>Carts left behind around an order: about one and a half per order, in the two weeks before it.</summary>
    private void WriteAbandonedCarts(DemoPerson person, DateTime orderedAt)
    {
        var carts = 1 + (world.Random.NextDouble() < 0.5 ? 1 : 0);
        for (var a = 0; a < carts; a++)
        {
            var created = orderedAt.AddHours(-world.Random.Next(1, 14 * 24));
            WriteCheckout(person, created, completedAt: null, items: 1 + world.Random.Next(3), subtotal: 20m + world.Random.Next(200), campaign: null);
        }
    }

    private void WriteOrder(int index, DemoPerson person, DateTime at)
    {
        var orderId = nextOrderId++;
        var campaign = world.Random.NextDouble() < 0.6 ? DemoCatalogue.Campaigns[world.Random.Next(DemoCatalogue.Campaigns.Length)] : default;
        var landing = campaign.Id is null ? "/" : $"/products?utm_source={campaign.Source}&utm_medium={campaign.Medium}&utm_campaign={campaign.Id}";
        var roll = world.Random.NextDouble();
        var sourceName = roll < 0.7 ? "web" : roll < 0.85 ? "iphone" : roll < 0.93 ? "android" : "pos";
        var currency = world.Random.NextDouble() < 0.85 ? "USD" : world.Random.NextDouble() < 0.5 ? "EUR" : "GBP";
        var lines = Enumerable.Range(0, 1 + world.Random.Next(4)).Select(_ =>
        {
            var product = world.Pick(world.Products);
            var variant = world.Pick(product.Variants);
            var quantity = 1 + (world.Random.NextDouble() < 0.2 ? 1 : 0);
            var discount = world.Random.NextDouble() < 0.15 ? Math.Round(variant.Price * quantity * 0.1m, 2) : 0m;
            return (Id: nextLineId++, Product: product.Id, Variant: variant.Id, Title: product.Title, variant.Price, Quantity: quantity, Discount: discount);
        }).ToList();
        var cancelled = world.Random.NextDouble() < 0.01;
        var refundedLine = !cancelled && world.Random.NextDouble() < 0.05 ? lines[world.Random.Next(lines.Count)] : default;
        var refundedAt = at.AddDays(3 + world.Random.Next(20));
        var updated = refundedLine.Id != 0 && refundedAt < world.End ? refundedAt : at.AddMinutes(5);
        var checkoutToken = $"c{orderId:x}";
        var checkoutId = nextCheckoutId++;
        // About one order in a hundred is placed with the test gateway (order.test), as staff do when trying the shop.
        var test = orderId % 97 == 0;
        output.Json("shopify", "orders", new
        {
            id = orderId, name = $"#{orderId - 449_999_000}", email = person.Email, created_at = ShopTime(at), updated_at = ShopTime(updated), processed_at = ShopTime(at),
            cancelled_at = cancelled ? ShopTime(at.AddHours(2)) : null, financial_status = cancelled ? "voided" : refundedLine.Id != 0 ? "partially_refunded" : "paid",
            currency, presentment_currency = currency, source_name = sourceName, landing_site = landing, referring_site = campaign.Id is null ? "" : $"https://{campaign.Source}.example/",
            cart_token = checkoutToken, checkout_token = checkoutToken, checkout_id = checkoutId, test, tags = "",
            total_discounts = Money(lines.Sum(l => l.Discount)), subtotal_price = Money(lines.Sum(l => l.Price * l.Quantity - l.Discount)),
            discount_codes = lines.Any(l => l.Discount > 0) ? new[] { new { code = "SAVE10", amount = Money(lines.Sum(l => l.Discount)), type = "percentage" } } : [],
            customer = new { id = person.ShopifyId, email = person.Email, first_name = person.FirstName, last_name = person.LastName },
            line_items = lines.Select(l => new
            {
                id = l.Id, product_id = l.Product, variant_id = l.Variant, title = l.Title, quantity = l.Quantity, price = Money(l.Price),
                total_discount = Money(l.Discount), discount_allocations = l.Discount > 0 ? new[] { new { amount = Money(l.Discount), discount_application_index = 0 } } : [],
            }),
            refunds = refundedLine.Id != 0 && refundedAt < world.End
                ? new[] { new { id = orderId * 10, order_id = orderId, created_at = ShopTime(refundedAt), refund_line_items = new[] { new { line_item_id = refundedLine.Id, quantity = refundedLine.Quantity, subtotal = Money(refundedLine.Price * refundedLine.Quantity - refundedLine.Discount) } } } }
                : [],
        });
        WriteCheckout(person, at.AddMinutes(-10), at, lines.Sum(l => l.Quantity), lines.Sum(l => l.Price * l.Quantity), campaign.Id, checkoutToken, checkoutId);
        WriteAbandonedCarts(person, at);
        world.Orders.Add((orderId, index, at));
        if (sourceName == "web" && !cancelled)
        {
            WriteSession(at.AddMinutes(-25), person.ShopifyId, campaign, pages: 4 + world.Random.Next(20), orderId: orderId, ["add_to_cart", "begin_checkout", "purchase"]);
        }
    }

    /// <summary>
    /// A checkout of the shop's, completed or abandoned; the file holds both, as the shop does, and the API
    /// simulator lists only the abandoned ones, as Shopify does.
    /// </summary>
    private void WriteCheckout(DemoPerson person, DateTime created, DateTime? completedAt, int items, decimal subtotal, string? campaign, string? token = null, long? checkoutId = null)
    {
        if (created < world.Start) created = world.Start;
        var id = checkoutId ?? nextCheckoutId++;
        token ??= $"a{id:x}";
        var updated = completedAt ?? created.AddMinutes(30);
        output.Json("shopify", "checkouts", new
        {
            id, token, cart_token = token, email = person.Email, created_at = ShopTime(created), updated_at = ShopTime(updated > world.End ? world.End : updated),
            completed_at = completedAt is null ? null : ShopTime(completedAt.Value), currency = "USD", subtotal_price = Money(subtotal), total_price = Money(subtotal),
            source_name = "web", landing_site = campaign is null ? "/" : $"/?utm_campaign={campaign}",
            abandoned_checkout_url = completedAt is null ? $"https://shop.example/checkouts/{token}/recover" : null,
            customer = new { id = person.ShopifyId, email = person.Email },
            line_items = Enumerable.Range(0, items).Select(i => new { title = "Item", quantity = 1, price = Money(subtotal / items) }),
        });
    }

    private void WriteBrowsingSessions(CancellationToken ct)
    {
        var sessions = world.Orders.Count * 9;
        for (var s = 0; s < sessions; s++)
        {
            if (s % 10_000 == 0) ct.ThrowIfCancellationRequested();
            var at = world.DuringDay(world.RandomTime(world.Start, world.End.AddDays(-1)));
            var known = world.Random.NextDouble() < 0.2 ? world.Pick(world.People).ShopifyId : (long?)null;
            var campaign = world.Random.NextDouble() < 0.35 ? DemoCatalogue.Campaigns[world.Random.Next(DemoCatalogue.Campaigns.Length)] : default;
            string[] goals = world.Random.NextDouble() < 0.1 ? ["sign_up"] : world.Random.NextDouble() < 0.15 ? ["add_to_cart"] : [];
            WriteSession(at, known, campaign, pages: 1 + world.Random.Next(12), orderId: null, goals);
        }
    }

    private void WriteSession(DateTime at, long? userId, (string Id, string Name, string Channel, string Source, string Medium) campaign, int pages, long? orderId, string[] goals)
    {
        var (source, medium, name) = campaign.Id is not null ? (campaign.Source, campaign.Medium, campaign.Id)
            : world.Random.NextDouble() < 0.45 ? ("(direct)", "(none)", "(not set)")
            : world.Random.NextDouble() < 0.7 ? ("google", "organic", "(organic)") : ("partner-blog.example", "referral", "(referral)");
        var id = nextSessionId++;
        output.Csv("web_sessions", new DateTime(at.Year, at.Month, 1), SessionHeader,
            $"s{id}", $"u{(userId ?? id) % 1_000_003}", userId, at, source, medium, name, campaign.Id is null ? "/" : $"/?utm_campaign={campaign.Id}",
            pages, pages > 1, string.Join(";", goals), orderId, world.Random.NextDouble() < 0.55 ? "mobile" : "desktop", "US");
    }
}
