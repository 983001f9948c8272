using Warehouse.Etl.Transforms;

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
               v.updated_at AS changed_at, v.load_id
        FROM (SELECT x.*, ROW_NUMBER() OVER (PARTITION BY x.variant_id ORDER BY x.updated_at DESC, x.load_id DESC) AS rn FROM stg.shopify_product_variant x) v
        WHERE v.rn = 1
        """;

    private const string LatestCustomers = """
        SELECT c.customer_nk AS customer_id, c.email_hash, c.email, COALESCE(c.segment, 'standard') AS segment,
               COALESCE(c.region, 'Unknown') AS region, COALESCE(c.country, 'Unknown') AS country, c.city,
               c.created_at AS first_seen_at, 'shopify' AS source_system, c.updated_at AS changed_at, c.load_id
        FROM (SELECT x.*, ROW_NUMBER() OVER (PARTITION BY x.customer_nk ORDER BY x.updated_at DESC, x.load_id DESC) AS rn FROM stg.shopify_customer x) c
        WHERE c.rn = 1
        """;

    private static IEnumerable<string> CustomerSourceMap(TransformContext k) =>
    [
        "DELETE FROM dw.customer_source_map WHERE source_system = 'shopify' AND source_customer_id IN (SELECT customer_id FROM stg.shopify_customer)",
        """
        INSERT INTO dw.customer_source_map (source_system, source_customer_id, customer_id, load_id)
        SELECT 'shopify', c.customer_id, c.customer_nk, c.load_id
        FROM (SELECT x.*, ROW_NUMBER() OVER (PARTITION BY x.customer_id ORDER BY x.updated_at DESC, x.load_id DESC) AS rn FROM stg.shopify_customer x) c
        WHERE c.rn = 1
        """,
    ];

    // The newest version of each order (by updated_at, then load), each line once.
    private const string LatestOrderLines = """
        SELECT l.* FROM (
            SELECT x.*, ROW_NUMBER() OVER (PARTITION BY x.line_id ORDER BY x.updated_at DESC, x.load_id DESC) AS rn,
                   MAX(x.updated_at) OVER (PARTITION BY x.order_id) AS order_updated_at
            FROM stg.shopify_order_line x
        ) l
        WHERE l.rn = 1 AND l.updated_at = l.order_updated_at
        """;

    private static IEnumerable<string> OrderLines(TransformContext k) =>
    [
        "DELETE FROM dw.fact_order_line WHERE source_system = 'shopify' AND order_id IN (SELECT order_id FROM stg.shopify_order_line)",
        $"""
        INSERT INTO dw.fact_order_line (order_line_id, order_id, order_name, order_date_key, ordered_at, customer_key, product_key, channel_key,
            campaign_key, currency_key, quantity, refunded_quantity, gross_amount, discount_amount, refund_amount, net_amount, net_amount_reporting,
            is_cancelled, source_system, load_id)
        SELECT s.line_id, s.order_id, s.order_name, s.order_date_key, s.created_at,
               COALESCE(c.customer_key, -1), COALESCE(p.product_key, -1), {ChannelMapping.Shopify.Key("s.source_name")},
               COALESCE(cp.campaign_key, -1), COALESCE(cur.currency_key, -1),
               s.quantity, s.refunded_quantity, s.price * s.quantity, s.discount_amount, s.refund_amount,
               s.price * s.quantity - s.discount_amount - s.refund_amount,
               (s.price * s.quantity - s.discount_amount - s.refund_amount) * COALESCE(cur.rate_to_reporting, 0),
               s.is_cancelled, 'shopify', s.load_id
        FROM ({LatestOrderLines}) s
        LEFT JOIN dw.dim_customer c ON {Scd2Dimension.Customer.AsOf("c", "s.customer_nk", "s.created_at")}
        LEFT JOIN dw.dim_product p ON {Scd2Dimension.Product.AsOf("p", "s.variant_id", "s.created_at")}
        LEFT JOIN dw.dim_campaign cp ON {CampaignDimension.Match("cp", "s.utm_campaign")}
        LEFT JOIN dw.dim_currency cur ON cur.currency_code = s.currency
        """,
    ];

    private static IEnumerable<string> Checkouts(TransformContext k) =>
    [
        "DELETE FROM dw.fact_checkout WHERE checkout_id IN (SELECT checkout_id FROM stg.shopify_checkout)",
        $"""
        INSERT INTO dw.fact_checkout (checkout_id, cart_token, created_at, created_date_key, completed_at, completed_date_key, order_id,
            customer_key, channel_key, campaign_key, currency_key, item_count, subtotal_amount, subtotal_amount_reporting, load_id)
        SELECT s.checkout_id, s.cart_token, s.created_at, s.created_date_key, s.completed_at, s.completed_date_key,
               NULL,
               COALESCE(c.customer_key, -1), {ChannelMapping.Shopify.Key("s.source_name")}, COALESCE(cp.campaign_key, -1), COALESCE(cur.currency_key, -1),
               s.item_count, s.subtotal, s.subtotal * COALESCE(cur.rate_to_reporting, 0), s.load_id
        FROM (SELECT x.*, ROW_NUMBER() OVER (PARTITION BY x.checkout_id ORDER BY x.updated_at DESC, x.load_id DESC) AS rn FROM stg.shopify_checkout x) s
        LEFT JOIN dw.dim_customer c ON {Scd2Dimension.Customer.AsOf("c", "s.customer_nk", "s.created_at")}
        LEFT JOIN dw.dim_campaign cp ON {CampaignDimension.Match("cp", "s.utm_campaign")}
        LEFT JOIN dw.dim_currency cur ON cur.currency_code = s.currency
        WHERE s.rn = 1
        """,
    ];
}
