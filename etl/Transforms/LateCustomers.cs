namespace Warehouse.Etl.Transforms;

/// <summary>
/// Facts that name a customer through another system's id (a web session's shop customer, a ticket's or a
/// rating's Zendesk requester, a deal's contact) keep customer key -1 while that customer has not arrived,
/// since separate schedules land sources in any order. After every source's transform these statements give
/// such facts the customer's key (the version in force at the fact's time), so the outcome does not depend on
/// which source ran first. Only facts still at -1 with an id are touched, so a re-run changes nothing.
/// </summary>
public static class LateCustomers
{
    public static readonly TransformStep Step = new("late customers", Statements);

    private static IEnumerable<string> Statements(TransformContext k)
    {
        var d = k.Dialect;
        string ThroughMap(string fact, string key, string system, string sourceId, string at) => d.UpdateFrom(fact, "f", "customer_key = s.customer_key", $"""
            SELECT x.{key}, c.customer_key
            FROM {fact} x
            JOIN dw.customer_source_map m ON m.source_system = '{system}' AND m.source_customer_id = x.{sourceId}
            JOIN dw.dim_customer c ON {Scd2Dimension.Customer.AsOf("c", "m.customer_id", "x." + at)}
            WHERE x.customer_key = -1 AND x.{sourceId} IS NOT NULL
            """, "s", $"f.{key} = s.{key}", "f.customer_key = -1");

        yield return ThroughMap("dw.fact_web_session", "session_id", "shopify", "user_id", "started_at");
        yield return ThroughMap("dw.fact_ticket", "ticket_id", "zendesk", "requester_id", "created_at");
        yield return ThroughMap("dw.fact_satisfaction_rating", "rating_id", "zendesk", "requester_id", "rated_at");
        yield return d.UpdateFrom("dw.fact_opportunity", "f", "customer_key = s.customer_key", """
            SELECT o.deal_id, lf.customer_key
            FROM dw.fact_opportunity o
            JOIN dw.fact_lead_funnel lf ON lf.lead_id = o.lead_id
            WHERE o.customer_key = -1 AND lf.customer_key <> -1
            """, "s", "f.deal_id = s.deal_id", "f.customer_key = -1");
    }
}
