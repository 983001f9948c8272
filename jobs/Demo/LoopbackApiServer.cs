using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Warehouse.Jobs.Demo;

/// <summary>
/// A local HTTP server on 127.0.0.1 that answers as the services document their APIs: the Shopify Admin REST
/// lists, Zendesk's incremental exports and cursor-paged lists, HubSpot's CRM v3 lists and search. Each rule
/// names the documentation page it follows; SimulatorShapeTests hold the answers' envelopes, field names and
/// types to the recorded real responses. The demo points the connectors at it; tests add faults (429 with
/// Retry-After, 500, a hang) through <see cref="Fault"/>. It never leaves the machine.
/// </summary>
public sealed class LoopbackApiServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private int requestCount;

    private LoopbackApiServer(WebApplication app) => this.app = app;

    /// <summary>Shopify resources ("orders", ...) and the records they serve.</summary>
    public Dictionary<string, ApiRecordSet> Shopify { get; } = new(StringComparer.Ordinal);

    /// <summary>Zendesk lists ("tickets", "users", "ticket_audits", "groups", "satisfaction_ratings", "sla_policies").</summary>
    public Dictionary<string, ApiRecordSet> Zendesk { get; } = new(StringComparer.Ordinal);

    /// <summary>HubSpot object types ("contacts", "deals", "owners") and, with the suffix "_archived", their archived records.</summary>
    public Dictionary<string, ApiRecordSet> HubSpot { get; } = new(StringComparer.Ordinal);

    /// <summary>Records per page of the Zendesk incremental export (the service allows up to 1000).</summary>
    public int ZendeskExportPageSize { get; set; } = 1000;

    /// <summary>Bodies POSTed to /webhook (an alert receiver for tests).</summary>
    public List<string> Webhooks { get; } = [];

    /// <summary>
    /// Runs before every request; returning true means the fault answered it. Rate limits are faults a test sets:
    /// each service answers 429 with a Retry-After header in seconds (shopify.dev/docs/api/admin-rest/usage/rate-limits,
    /// developer.zendesk.com/api-reference/introduction/rate-limits; HubSpot's 429 is described at
    /// developers.hubspot.com/docs/developer-tooling/platform/usage-guidelines).
    /// </summary>
    public Func<HttpContext, int, Task<bool>>? Fault { get; set; }

    /// <summary>Requests seen, with their path and query, in order.</summary>
    public List<string> Requests { get; } = [];

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    public static async Task<LoopbackApiServer> StartAsync(CancellationToken ct = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new LoopbackApiServer(app);
        app.Use(async (context, next) =>
        {
            var number = Interlocked.Increment(ref server.requestCount);
            lock (server.Requests) server.Requests.Add(context.Request.Path + context.Request.QueryString);
            if (server.Fault is { } fault && await fault(context, number)) return;
            await next(context);
        });
        app.MapGet("/admin/api/{version}/{resource}.json", (string resource, HttpContext context) => server.ShopifyListAsync(resource, context));
        app.MapGet("/api/v2/incremental/{resource}/cursor.json", (string resource, HttpContext context) => server.ZendeskExportAsync(resource, context));
        app.MapGet("/api/v2/ticket_audits.json", (HttpContext context) => server.ZendeskPagedAsync("ticket_audits", "audits", newestFirst: true, context));
        app.MapGet("/api/v2/groups.json", (HttpContext context) => server.ZendeskPagedAsync("groups", "groups", newestFirst: false, context));
        app.MapGet("/api/v2/satisfaction_ratings.json", (HttpContext context) => server.ZendeskPagedAsync("satisfaction_ratings", "satisfaction_ratings", newestFirst: false, context));
        app.MapPost("/webhook", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            lock (server.Webhooks) server.Webhooks.Add(body);
        });
        app.MapGet("/crm/v3/owners", (HttpContext context) => server.HubSpotListAsync("owners", context));
        app.MapGet("/crm/v3/objects/{type}", (string type, HttpContext context) => server.HubSpotListAsync(type, context));
        app.MapPost("/crm/v3/objects/{type}/search", (string type, HttpContext context) => server.HubSpotSearchAsync(type, context));
        app.MapGet("/api/v2/slas/policies.json", (HttpContext context) => server.ZendeskPagedAsync("sla_policies", "sla_policies", newestFirst: false, context));
        await app.StartAsync(ct);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address.TrimEnd('/') + "/");
        return server;
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
    private async Task ShopifyListAsync(string resource, HttpContext context)
    {
        if (!Shopify.TryGetValue(resource, out var records))
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

        var listed = ShopifyListed(resource, status);
        var page = new List<string>(limit);
        var next = start;
        while (page.Count < limit && next < records.Count)
        {
            var batch = await records.ReadAsync(next, limit - page.Count, context.RequestAborted);
            next += batch.Count;
            page.AddRange(batch.Where(listed));
        }

        if (next < records.Count)
        {
            var token = Convert.ToBase64String(Encoding.UTF8.GetBytes(FormattableString.Invariant($"{next}:{status}")));
            context.Response.Headers.Append("Link", $"<{BaseAddress}admin/api/2024-10/{resource}.json?limit={limit}&page_info={Uri.EscapeDataString(token)}>; rel=\"next\"");
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync($"{{\"{resource}\":[{string.Join(",", page)}]}}", context.RequestAborted);
    }

    /// <summary>Which records a Shopify list returns (see <see cref="ShopifyListAsync"/> for the documentation of each rule).</summary>
    private static Func<string, bool> ShopifyListed(string resource, string status) => resource switch
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

    /// <summary>
    /// Incremental cursor export (developer.zendesk.com/api-reference/ticketing/ticket-management/incremental_exports/,
    /// "Incremental Ticket Export, Cursor Based" and "Incremental User Export, Cursor Based"): a first request with
    /// <c>start_time</c>, then <c>cursor</c> = the previous page's <c>after_cursor</c>; up to 1000 records a page; the
    /// envelope has <c>after_url</c>, <c>after_cursor</c>, <c>before_url</c>, <c>before_cursor</c> and <c>end_of_stream</c>.
    /// Deleted tickets are exported too (status "deleted"): they are records of the set like any other.
    /// </summary>
    private async Task ZendeskExportAsync(string resource, HttpContext context)
    {
        if (!Zendesk.TryGetValue(resource, out var records))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var query = context.Request.Query;
        int start;
        if (query.TryGetValue("cursor", out var cursor))
        {
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(cursor!)).Split(':');
            start = records.FirstAfter(new DateTime(long.Parse(parts[0], CultureInfo.InvariantCulture), DateTimeKind.Utc), long.Parse(parts[1], CultureInfo.InvariantCulture));
        }
        else
        {
            var since = long.TryParse(query["start_time"], out var seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime : DateTime.MinValue;
            start = records.FirstUpdatedSince(since);
        }

        var page = await records.ReadAsync(start, ZendeskExportPageSize, context.RequestAborted);
        var end = start + page.Count;
        var (at, id) = end > 0 ? records.KeyAt(end - 1) : (DateTime.MinValue, 0L);
        var after = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{at.Ticks}:{id}"));
        var afterUrl = $"{BaseAddress}api/v2/incremental/{resource}/cursor.json?cursor={Uri.EscapeDataString(after)}";
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(
            $"{{\"{resource}\":[{string.Join(",", page)}],\"after_url\":\"{afterUrl}\",\"before_url\":null,\"after_cursor\":\"{after}\",\"before_cursor\":null,\"end_of_stream\":{(end >= records.Count ? "true" : "false")}}}",
            context.RequestAborted);
    }

    /// <summary>
    /// Cursor pagination (developer.zendesk.com/api-reference/introduction/pagination/): <c>page[size]</c> up to 100,
    /// <c>page[after]</c> = the previous page's <c>meta.after_cursor</c>; the envelope has <c>meta.has_more</c>,
    /// <c>meta.after_cursor</c>, <c>meta.before_cursor</c>, <c>links.next</c> and <c>links.prev</c>; a client stops on
    /// <c>has_more</c> false. Ticket audits (developer.zendesk.com/api-reference/ticketing/tickets/ticket_audits/) are
    /// listed newest first here, which the connector does not rely on: it reads every page.
    /// </summary>
    private async Task ZendeskPagedAsync(string resource, string listName, bool newestFirst, HttpContext context)
    {
        if (!Zendesk.TryGetValue(resource, out var records))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var query = context.Request.Query;
        var size = Math.Clamp(int.TryParse(query["page[size]"], out var n) ? n : 100, 1, 100);
        var offset = query.TryGetValue("page[after]", out var after) ? int.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(after!)), CultureInfo.InvariantCulture) : 0;
        var since = long.TryParse(query["start_time"], out var seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime : (DateTime?)null;
        var first = newestFirst ? 0 : records.FirstUpdatedSince(since);
        var available = records.Count - first;
        var take = Math.Min(size, Math.Max(0, available - offset));
        IReadOnlyList<string> page = newestFirst
            ? (await records.ReadAsync(records.Count - offset - take, take, context.RequestAborted)).Reverse().ToList()
            : await records.ReadAsync(first + offset, take, context.RequestAborted);
        var next = offset + page.Count;
        var hasMore = next < available;
        var token = Convert.ToBase64String(Encoding.UTF8.GetBytes(next.ToString(CultureInfo.InvariantCulture)));
        var link = hasMore ? $"\"{BaseAddress}api/v2/{(resource == "sla_policies" ? "slas/policies" : resource)}.json?page%5Bsize%5D={size}&page%5Bafter%5D={Uri.EscapeDataString(token)}{(since is null ? "" : "&start_time=" + seconds)}\"" : "null";
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(
            $"{{\"{listName}\":[{string.Join(",", page)}],\"meta\":{{\"has_more\":{(hasMore ? "true" : "false")},\"after_cursor\":\"{token}\",\"before_cursor\":null}},\"links\":{{\"prev\":null,\"next\":{link}}}}}",
            context.RequestAborted);
    }

    /// <summary>
    /// HubSpot object list (developers.hubspot.com/docs/guides/crm/using-object-apis): <c>limit</c> (default 10; at most
    /// 100, as HubSpot's clients page), <c>after</c> = the previous page's <c>paging.next.after</c>, no <c>paging</c> on the
    /// last page; <c>archived=true</c> returns the archived records only.
    /// </summary>
    private async Task HubSpotListAsync(string type, HttpContext context)
    {
        var archived = context.Request.Query["archived"] == "true";
        if (!HubSpot.TryGetValue(archived ? type + "_archived" : type, out var records))
        {
            await HubSpotPageAsync(context, [], null);
            return;
        }

        var limit = Math.Clamp(int.TryParse(context.Request.Query["limit"], out var l) ? l : 10, 1, 100);
        var offset = int.TryParse(context.Request.Query["after"], out var a) ? a : 0;
        var page = await records.ReadAsync(offset, limit, context.RequestAborted);
        await HubSpotPageAsync(context, page, offset + page.Count < records.Count ? offset + page.Count : null);
    }

    /// <summary>
    /// HubSpot search (developers.hubspot.com/docs/api-reference/latest/crm/search-the-crm): the filter's GTE value
    /// (epoch milliseconds) on the last-modified date, ascending; <c>limit</c> default 10, at most 200; paged by
    /// <c>after</c>; the answer carries <c>total</c>; a page past the first 10,000 results is refused with 400.
    /// </summary>
    private async Task HubSpotSearchAsync(string type, HttpContext context)
    {
        using var body = await System.Text.Json.JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        var root = body.RootElement;
        var filter = root.GetProperty("filterGroups")[0].GetProperty("filters")[0];
        var since = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(filter.GetProperty("value").GetString()!, CultureInfo.InvariantCulture)).UtcDateTime;
        var limit = root.TryGetProperty("limit", out var l) && l.ValueKind == System.Text.Json.JsonValueKind.Number ? Math.Clamp(l.GetInt32(), 1, 200) : 10;
        var offset = root.TryGetProperty("after", out var a) && a.ValueKind == System.Text.Json.JsonValueKind.String ? int.Parse(a.GetString()!, CultureInfo.InvariantCulture) : 0;
        if (offset + limit > 10_000)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("{\"status\":\"error\",\"message\":\"The search API can return at most 10,000 results.\",\"category\":\"VALIDATION_ERROR\"}", context.RequestAborted);
            return;
        }

        if (!HubSpot.TryGetValue(type, out var records))
        {
            await HubSpotPageAsync(context, [], null, total: 0);
            return;
        }

        var first = records.FirstUpdatedSince(since);
        var page = await records.ReadAsync(first + offset, limit, context.RequestAborted);
        await HubSpotPageAsync(context, page, first + offset + page.Count < records.Count ? offset + page.Count : null, total: records.Count - first);
    }

    /// <summary>A HubSpot page: <c>results</c>, <c>paging.next.after</c> unless it is the last page, and <c>total</c> for a search.</summary>
    private static Task HubSpotPageAsync(HttpContext context, IReadOnlyList<string> page, int? after, int? total = null)
    {
        context.Response.ContentType = "application/json";
        var paging = after is null ? "" : $",\"paging\":{{\"next\":{{\"after\":\"{after}\"}}}}";
        var count = total is null ? "" : FormattableString.Invariant($"\"total\":{total},");
        return context.Response.WriteAsync($"{{{count}\"results\":[{string.Join(",", page)}]{paging}}}", context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
