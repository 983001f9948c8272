using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Warehouse.Etl.Simulation;

namespace Warehouse.Etl.Sources.Shopify;

/// <summary>
/// The Shopify Admin REST lists on loopback, as Shopify documents them (each rule names its page). Rate limits are
/// faults a test sets: Shopify answers 429 with a Retry-After header in seconds (shopify.dev/docs/api/admin-rest/usage/rate-limits).
/// </summary>
public sealed class ShopifySimulator : ISourceSimulator
{
    private Func<Uri> baseAddress = () => new Uri("http://127.0.0.1/");

    /// <summary>Resources ("orders", "checkouts", "customers", "products") and the records they serve.</summary>
    public Dictionary<string, ApiRecordSet> Records { get; } = new(StringComparer.Ordinal);

    public ShopifySimulator() => GraphQl = new ShopifyGraphQlSimulator(Records, () => baseAddress());

    /// <summary>The GraphQL Admin API over the same records: query cost, throttling, bulk operations.</summary>
    public ShopifyGraphQlSimulator GraphQl { get; }

    public void Map(IEndpointRouteBuilder routes, Func<Uri> baseAddress)
    {
        this.baseAddress = baseAddress;
        routes.MapGet("/admin/api/{version}/{resource}.json", (string resource, HttpContext context) => ListAsync(resource, context));
        routes.MapGet("/admin/api/{version}/{resource}/count.json", (string resource, HttpContext context) => CountAsync(resource, context));
        routes.MapPost("/admin/api/{version}/graphql.json", (HttpContext context) => GraphQl.HandleAsync(context));
        routes.MapGet("/shopify-bulk-results/{id}.jsonl", (string id, HttpContext context) => GraphQl.ServeResultAsync(id, context));
    }

    /// <summary>
    /// A Shopify Admin REST list (orders, checkouts, customers, products) as Shopify documents it:
    /// <list type="bullet">
    /// <item>Paging by the <c>Link</c> header's <c>rel="next"</c> URL with an opaque <c>page_info</c>; <c>limit</c> defaults to 50
    /// and is at most 250; a request with <c>page_info</c> carries no other filter, the cursor keeps them
    /// (shopify.dev/docs/api/usage/pagination-rest).</item>
    /// <item><c>updated_at_min</c>: records updated at or after the time (shopify.dev/docs/api/admin-rest/latest/resources/order#get-orders).</item>
    /// <item>Orders: <c>status</c> defaults to <c>open</c>; <c>closed</c>, <c>cancelled</c> and <c>any</c> as documented
    /// (shopify.dev/docs/api/admin-rest/latest/resources/order#get-orders). Test orders (<c>"test": true</c>) are listed
    /// like any other: the flag is on the record.</item>
    /// <item>Checkouts: "Retrieves a list of abandoned checkouts" (shopify.dev/docs/api/admin-rest/2024-10/resources/abandoned-checkouts):
    /// a checkout the customer left, which has its recovery URL (<c>abandoned_checkout_url</c>), is listed, also after a
    /// recovery completed it ("completed_at ... is null until a customer completes the checkout using the recovery URL");
    /// a checkout completed at once by an order is not.</item>
    /// <item>Orders are listed for the last 60 days only unless the app has the <c>read_all_orders</c> scope
    /// (same page); the simulator answers as for an app that has it, which the warehouse's token needs.</item>
    /// </list>
    /// </summary>
    private async Task ListAsync(string resource, HttpContext context)
    {
        if (!Records.TryGetValue(resource, out var records))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var query = context.Request.Query;
        var limit = Math.Clamp(int.TryParse(query["limit"], out var l) ? l : 50, 1, 250);
        int start;
        string status;
        if (query.TryGetValue("page_info", out var pageInfo))
        {
            var cursor = Encoding.UTF8.GetString(Convert.FromBase64String(pageInfo!)).Split(':');
            start = int.Parse(cursor[0], CultureInfo.InvariantCulture);
            status = cursor[1];
        }
        else
        {
            DateTime? since = DateTimeOffset.TryParse(query["updated_at_min"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var s) ? s.UtcDateTime : null;
            start = records.FirstUpdatedSince(since);
            status = query["status"].FirstOrDefault() ?? "open";
        }

        var listed = Listed(resource, status);
        var page = new List<string>(limit);
        var next = start;
        while (page.Count < limit && next < records.Count)
        {
            var batch = await records.ReadAsync(next, limit - page.Count, context.RequestAborted);
            next += batch.Count;
            page.AddRange(batch.Where(listed).SelectMany(json => GraphQl.Served(resource, json)));
        }

        if (next < records.Count)
        {
            var token = Convert.ToBase64String(Encoding.UTF8.GetBytes(FormattableString.Invariant($"{next}:{status}")));
            context.Response.Headers.Append("Link", $"<{baseAddress()}admin/api/2024-10/{resource}.json?limit={limit}&page_info={Uri.EscapeDataString(token)}>; rel=\"next\"");
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync($"{{\"{resource}\":[{string.Join(",", page)}]}}", context.RequestAborted);
    }

    /// <summary>
    /// <c>GET {resource}/count.json</c>: <c>{"count": N}</c> of the records the list would return with the same filters
    /// (order#get-orders-count, customer#get-customers-count, product#get-products-count): for orders <c>status</c>
    /// defaults to <c>open</c> as on the list; <c>created_at_min</c> and <c>created_at_max</c> are "created at or after"
    /// and "created at or before" the time. A count is the records as they are, whatever a list fault serves.
    /// </summary>
    private async Task CountAsync(string resource, HttpContext context)
    {
        if (!Records.TryGetValue(resource, out var records) || resource == "checkouts")
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var query = context.Request.Query;
        DateTime? Time(string name) => DateTimeOffset.TryParse(query[name], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t.UtcDateTime : null;
        var (min, max) = (Time("created_at_min"), Time("created_at_max"));
        var listed = Listed(resource, query["status"].FirstOrDefault() ?? "open");
        long count = 0;
        for (var start = 0; start < records.Count; start += 1000)
        {
            foreach (var json in await records.ReadAsync(start, 1000, context.RequestAborted))
            {
                if (!listed(json)) continue;
                if (min is not null || max is not null)
                {
                    using var document = System.Text.Json.JsonDocument.Parse(json);
                    var created = document.RootElement.GetProperty("created_at").GetDateTimeOffset().UtcDateTime;
                    if (created < min || created > max) continue;
                }

                count++;
            }
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(FormattableString.Invariant($"{{\"count\":{count}}}"), context.RequestAborted);
    }

    /// <summary>Which records a Shopify list returns (see <see cref="ListAsync"/> for the documentation of each rule).</summary>
    private static Func<string, bool> Listed(string resource, string status) => resource switch
    {
        "checkouts" => json => HasValue(json, "abandoned_checkout_url"),
        "orders" => status switch
        {
            "any" => _ => true,
            "closed" => json => HasValue(json, "closed_at"),
            "cancelled" => json => HasValue(json, "cancelled_at"),
            _ => json => !HasValue(json, "closed_at") && !HasValue(json, "cancelled_at"),
        },
        _ => _ => true,
    };

    private static bool HasValue(string json, string property)
    {
        using var document = System.Text.Json.JsonDocument.Parse(json);
        return document.RootElement.TryGetProperty(property, out var value) && value.ValueKind != System.Text.Json.JsonValueKind.Null;
    }
}
