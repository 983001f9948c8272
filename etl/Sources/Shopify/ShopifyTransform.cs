using Warehouse.Etl.Transforms;
using Warehouse.Schema.Dw;

namespace Warehouse.Etl.Sources.Shopify;

/// <summary>
/// stg.shopify_* → dw: products and customers (type 2), campaigns from UTM, then order lines and
/// checkouts replaced by natural key (a re-run or an updated order replaces, never duplicates).
/// </summary>
internal static class ShopifyTransform
{
    public static IReadOnlyList<TransformStep> Steps { get; } =
    [
        new("dim_product", k => Scd2Dimension.Product.Merge(k, LatestVariants)),
        new("dim_customer", k => Scd2Dimension.Customer.Merge(k, LatestCustomers)),
        new("customer_source_map", CustomerSourceMap),
        new("inferred members", k =>
        [
            Scd2Dimension.Customer.AddInferred(k, "SELECT customer_nk AS nk, load_id FROM stg.shopify_order_line UNION ALL SELECT customer_nk AS nk, load_id FROM stg.shopify_checkout"),
            Scd2Dimension.Product.AddInferred(k, "SELECT variant_id AS nk, load_id FROM stg.shopify_order_line"),
            CampaignDimension.AddFromUtm(k,
                "SELECT utm_campaign AS campaign, utm_source, utm_medium, load_id FROM stg.shopify_order_line " +
                "UNION ALL SELECT utm_campaign AS campaign, utm_source, utm_medium, load_id FROM stg.shopify_checkout"),
        ]),
        new("fact_order_line", OrderLines),
        new("fact_checkout", Checkouts),
        new("session order links", k =>
        [
            "UPDATE dw.fact_web_session SET order_id = transaction_id WHERE order_id IS NULL AND transaction_id IN (SELECT order_id FROM stg.shopify_order_line)",
        ]),
    ];

    private const string LatestVariants = """
        SELECT v.variant_id AS product_id, v.product_id AS parent_product_id, v.sku, v.product_title AS product_name,
               v.variant_title AS variant_name, COALESCE(v.product_type, 'Uncategorised') AS category, v.vendor, v.price AS list_price,
               v.source_instance, v.updated_at AS changed_at, v.load_id
        FROM (SELECT x.*, ROW_NUMBER() OVER (PARTITION BY x.variant_id ORDER BY x.updated_at DESC, x.load_id DESC) AS rn FROM stg.shopify_product_variant x) v
        WHERE v.rn = 1
        """;

    private const string LatestCustomers = """
        SELECT c.customer_nk AS customer_id, c.email_hash, c.email, c.customer_name, COALESCE(c.segment, 'standard') AS segment,
               COALESCE(c.region, 'Unknown') AS region, COALESCE(c.country, 'Unknown') AS country, c.city,
               c.created_at AS first_seen_at, 'shopify' AS source_system, c.updated_at AS changed_at, c.load_id
        FROM (SELECT x.*, ROW_NUMBER() OVER (PARTITION BY x.customer_nk ORDER BY x.updated_at DESC, x.load_id DESC) AS rn FROM stg.shopify_customer x) c
        WHERE c.rn = 1
        """;

    private static IEnumerable<string> CustomerSourceMap(TransformContext k) =>
    [
        "DELETE FROM dw.customer_source_map WHERE source_system = 'shopify' AND source_customer_id IN (SELECT customer_id FROM stg.shopify_customer)",
        InsertByName.Into<CustomerSourceMap>("""
        SELECT 'shopify' AS source_system, c.customer_id AS source_customer_id, c.customer_nk AS customer_id, c.load_id AS load_id
        FROM (SELECT x.*, ROW_NUMBER() OVER (PARTITION BY x.customer_id ORDER BY x.updated_at DESC, x.load_id DESC) AS rn FROM stg.shopify_customer x) c
        WHERE c.rn = 1
        """),
    ];

    // The newest version of each order (by updated_at, then load), each line once. The filters are written <= and >=,
    // which mean = here: PostgreSQL estimates an equality on a window's result at 0.5% of the rows, and then joins
    // the batch's orders to the checkouts by a nested loop over every pair.
    private const string LatestOrderLines = """
        SELECT l.* FROM (
            SELECT x.*, ROW_NUMBER() OVER (PARTITION BY x.line_id ORDER BY x.updated_at DESC, x.load_id DESC) AS rn,
                   MAX(x.updated_at) OVER (PARTITION BY x.order_id) AS order_updated_at
            FROM stg.shopify_order_line x
        ) l
        WHERE l.rn <= 1 AND l.updated_at >= l.order_updated_at
        """;

    private static IEnumerable<string> OrderLines(TransformContext k) =>
    [
        "DELETE FROM dw.fact_order_line WHERE source_system = 'shopify' AND order_id IN (SELECT order_id FROM stg.shopify_order_line)",
        InsertByName.Into<FactOrderLine>($"""
        SELECT s.line_id AS order_line_id, s.order_id AS order_id, s.order_name AS order_name, s.order_date_key AS order_date_key, s.created_at AS ordered_at,
               COALESCE(c.customer_key, -1) AS customer_key, COALESCE(p.product_key, -1) AS product_key, {ChannelMapping.Shopify.Key("s.source_name")} AS channel_key,
               COALESCE(cp.campaign_key, -1) AS campaign_key, COALESCE(cur.currency_key, -1) AS currency_key,
               s.quantity AS quantity, s.refunded_quantity AS refunded_quantity, s.price * s.quantity AS gross_amount, s.discount_amount AS discount_amount, s.refund_amount AS refund_amount,
               s.price * s.quantity - s.discount_amount - s.refund_amount AS net_amount,
               (s.price * s.quantity - s.discount_amount - s.refund_amount) * COALESCE(cur.rate_to_reporting, 0) AS net_amount_reporting,
               s.is_cancelled AS is_cancelled, s.is_test AS is_test, 'shopify' AS source_system, s.source_instance AS source_instance, s.load_id AS load_id
        FROM ({LatestOrderLines}) s
        LEFT JOIN dw.dim_customer c ON {Scd2Dimension.Customer.AsOf("c", "s.customer_nk", "s.created_at")}
        LEFT JOIN dw.dim_product p ON {Scd2Dimension.Product.AsOf("p", "s.variant_id", "s.created_at")}
        LEFT JOIN dw.dim_campaign cp ON {CampaignDimension.Match("cp", "s.utm_campaign")}
        LEFT JOIN dw.dim_currency cur ON cur.currency_code = s.currency
        """),
    ];

    // The newest version of each abandoned checkout in the batch (rn <= 1 for the estimate, as above).
    private const string LatestCheckouts =
        "SELECT x.* FROM (SELECT c.*, ROW_NUMBER() OVER (PARTITION BY c.checkout_id ORDER BY c.updated_at DESC, c.load_id DESC) AS rn FROM stg.shopify_checkout c) x WHERE x.rn <= 1";

    // One row per order of the batch that came from a checkout (order.checkout_id or checkout_token).
    private static string CheckoutOrders(TransformContext k) => $"""
        SELECT o.* FROM (
            SELECT l.order_id, MIN(l.checkout_id) AS checkout_id, MIN(l.checkout_token) AS checkout_token, MIN(l.created_at) AS created_at,
                   MIN(l.order_date_key) AS order_date_key, MIN(l.customer_nk) AS customer_nk, MIN(l.source_name) AS source_name,
                   MIN(l.utm_campaign) AS utm_campaign, MIN(l.currency) AS currency, MIN(l.cart_token) AS cart_token,
                   MAX(CASE WHEN l.is_test = {k.True} THEN 1 ELSE 0 END) AS is_test, SUM(l.quantity) AS item_count,
                   SUM(l.price * l.quantity) AS subtotal, MIN(l.source_instance) AS source_instance, MAX(l.load_id) AS load_id
            FROM ({LatestOrderLines}) l
            GROUP BY l.order_id
        ) o
        WHERE o.checkout_id IS NOT NULL OR o.checkout_token IS NOT NULL
        """;

    /// <summary>
    /// Shopify lists abandoned checkouts only; a completed one is known from its order. Checkouts created in a
    /// period are therefore the abandoned ones plus the orders that came from a checkout, and one listed as
    /// abandoned that an order later completed is one row: its creation time from the list, its completion from
    /// the order. Steps: complete the rows the batch's orders match, replace the batch's still-abandoned
    /// checkouts, add the orders' checkouts not seen before, then the abandoned checkouts not seen before.
    /// A checkout's key is the listed checkout's id, else the order's checkout token: REST and GraphQL both give those
    /// (the GraphQL Order has no checkout id), so either API keys a checkout alike.
    /// </summary>
    private static IEnumerable<string> Checkouts(TransformContext k)
    {
        var orders = CheckoutOrders(k);
        // Matched by id, then by token: two equi-joins, since an OR in a join condition makes engines compare every pair
        // (and so does, on DuckDB, a condition on one side only in a LEFT JOIN: the token join keys on an expression instead).
        var complete = $"completed_at = o.created_at, completed_date_key = o.order_date_key, order_id = o.order_id, is_test = CASE WHEN o.is_test = 1 THEN {k.True} ELSE {k.False} END, load_id = o.load_id";
        yield return k.Dialect.UpdateFrom("dw.fact_checkout", "f", complete, orders, "o", "f.checkout_id = o.checkout_id", "1 = 1");
        yield return k.Dialect.UpdateFrom("dw.fact_checkout", "f", complete, orders, "o", "f.token = o.checkout_token", "1 = 1");
        yield return "DELETE FROM dw.fact_checkout WHERE order_id IS NULL AND checkout_id IN (SELECT checkout_id FROM stg.shopify_checkout)";
        yield return InsertByName.Into<FactCheckout>($"""
            SELECT COALESCE(a.checkout_id, t.checkout_id, o.checkout_token, o.checkout_id) AS checkout_id, COALESCE(o.checkout_token, a.token, t.token) AS token, o.cart_token AS cart_token,
                   COALESCE(a.created_at, t.created_at, o.created_at) AS created_at, COALESCE(a.created_date_key, t.created_date_key, o.order_date_key) AS created_date_key, o.created_at AS completed_at, o.order_date_key AS completed_date_key, o.order_id AS order_id,
                   CASE WHEN o.is_test = 1 THEN {k.True} ELSE {k.False} END AS is_test,
                   COALESCE(c.customer_key, -1) AS customer_key, {ChannelMapping.Shopify.Key("o.source_name")} AS channel_key, COALESCE(cp.campaign_key, -1) AS campaign_key, COALESCE(cur.currency_key, -1) AS currency_key,
                   o.item_count AS item_count, o.subtotal AS subtotal_amount, o.subtotal * COALESCE(cur.rate_to_reporting, 0) AS subtotal_amount_reporting, o.source_instance AS source_instance, o.load_id AS load_id
            FROM ({orders}) o
            LEFT JOIN ({LatestCheckouts}) a ON a.checkout_id = o.checkout_id
            LEFT JOIN ({LatestCheckouts}) t ON t.token = CASE WHEN o.checkout_id IS NULL THEN o.checkout_token END
            LEFT JOIN dw.dim_customer c ON {Scd2Dimension.Customer.AsOf("c", "o.customer_nk", "o.created_at")}
            LEFT JOIN dw.dim_campaign cp ON {CampaignDimension.Match("cp", "o.utm_campaign")}
            LEFT JOIN dw.dim_currency cur ON cur.currency_code = o.currency
            WHERE NOT EXISTS (SELECT 1 FROM dw.fact_checkout f WHERE f.order_id = o.order_id)
            """);
        yield return InsertByName.Into<FactCheckout>($"""
            SELECT s.checkout_id AS checkout_id, s.token AS token, s.cart_token AS cart_token, s.created_at AS created_at, s.created_date_key AS created_date_key, s.completed_at AS completed_at, s.completed_date_key AS completed_date_key, {k.False} AS is_test,
                   COALESCE(c.customer_key, -1) AS customer_key, {ChannelMapping.Shopify.Key("s.source_name")} AS channel_key, COALESCE(cp.campaign_key, -1) AS campaign_key, COALESCE(cur.currency_key, -1) AS currency_key,
                   s.item_count AS item_count, s.subtotal AS subtotal_amount, s.subtotal * COALESCE(cur.rate_to_reporting, 0) AS subtotal_amount_reporting, s.source_instance AS source_instance, s.load_id AS load_id
            FROM ({LatestCheckouts}) s
            LEFT JOIN dw.dim_customer c ON {Scd2Dimension.Customer.AsOf("c", "s.customer_nk", "s.created_at")}
            LEFT JOIN dw.dim_campaign cp ON {CampaignDimension.Match("cp", "s.utm_campaign")}
            LEFT JOIN dw.dim_currency cur ON cur.currency_code = s.currency
            WHERE NOT EXISTS (SELECT 1 FROM dw.fact_checkout f WHERE f.checkout_id = s.checkout_id)
              AND NOT EXISTS (SELECT 1 FROM dw.fact_checkout f WHERE f.token = s.token)
            """, "order_id");
    }
}
