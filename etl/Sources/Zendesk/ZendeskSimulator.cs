using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Warehouse.Etl.Simulation;

namespace Warehouse.Etl.Sources.Zendesk;

/// <summary>
/// Zendesk's incremental exports and cursor-paged lists on loopback, as Zendesk documents them (each rule names its
/// page). Rate limits are faults a test sets: 429 with Retry-After (developer.zendesk.com/api-reference/introduction/rate-limits).
/// </summary>
public sealed class ZendeskSimulator : ISourceSimulator
{
    private Func<Uri> baseAddress = () => new Uri("http://127.0.0.1/");

    /// <summary>Lists ("tickets", "users", "ticket_audits", "groups", "satisfaction_ratings", "sla_policies").</summary>
    public Dictionary<string, ApiRecordSet> Records { get; } = new(StringComparer.Ordinal);

    /// <summary>Records per page of the incremental export (the service allows up to 1000).</summary>
    public int ExportPageSize { get; set; } = 1000;

    public void Map(IEndpointRouteBuilder routes, Func<Uri> baseAddress)
    {
        this.baseAddress = baseAddress;
        routes.MapGet("/api/v2/incremental/{resource}/cursor.json", (string resource, HttpContext context) => ExportAsync(resource, context));
        routes.MapGet("/api/v2/ticket_audits.json", (HttpContext context) => PagedAsync("ticket_audits", "audits", newestFirst: true, context));
        routes.MapGet("/api/v2/groups.json", (HttpContext context) => PagedAsync("groups", "groups", newestFirst: false, context));
        routes.MapGet("/api/v2/satisfaction_ratings.json", (HttpContext context) => PagedAsync("satisfaction_ratings", "satisfaction_ratings", newestFirst: false, context));
        routes.MapGet("/api/v2/slas/policies.json", (HttpContext context) => PagedAsync("sla_policies", "sla_policies", newestFirst: false, context));
        routes.MapGet("/api/v2/search/count", (HttpContext context) => SearchCountAsync(context));
        routes.MapGet("/api/v2/satisfaction_ratings/count", (HttpContext context) => RatingsCountAsync(context));
    }

    /// <summary>The count above which the ratings count is answered from a cache (satisfaction_ratings#count-satisfaction-ratings: 100,000); a test lowers it.</summary>
    public long RatingsCountCachedAbove { get; set; } = 100_000;

    /// <summary>The cached ratings count is being refreshed: <c>refreshed_at</c> is null and the value limited to <see cref="RatingsCountCachedAbove"/>.</summary>
    public bool RatingsCountRefreshing { get; set; }

    /// <summary>
    /// Count Satisfaction Ratings (satisfaction_ratings#count-satisfaction-ratings): <c>{"count": {"value", "refreshed_at"}}</c>
    /// of every rating of the account, whatever its score. Above the cache threshold "the count will return a cached
    /// result"; while it is refreshed "count[refreshed_at] may occasionally be null" and "count[value] is limited to 100,000".
    /// </summary>
    private async Task RatingsCountAsync(HttpContext context)
    {
        var count = Records.TryGetValue("satisfaction_ratings", out var ratings) ? (long)ratings.Count : 0;
        var refreshing = RatingsCountRefreshing && count > RatingsCountCachedAbove;
        var value = refreshing ? RatingsCountCachedAbove : count;
        var refreshed = refreshing ? "null" : $"\"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ssZ}\"";
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(FormattableString.Invariant($"{{\"count\":{{\"value\":{value},\"refreshed_at\":{refreshed}}}}}"), context.RequestAborted);
    }

    /// <summary>
    /// Search results count (developer.zendesk.com/api-reference/ticketing/ticket-management/search/#show-results-count):
    /// <c>{"count": N}</c>, the actual number of results. The query terms the simulator reads: <c>type:ticket</c> (required
    /// here; without it users and organizations would count too) and <c>created</c> with <c>&gt;=</c>, <c>&gt;</c>,
    /// <c>&lt;</c>, <c>&lt;=</c> and an ISO 8601 time (support.zendesk.com/hc/en-us/articles/4408886879258). Deleted
    /// tickets are not searchable; the deleted-tickets list is their place (tickets#list-deleted-tickets).
    /// </summary>
    private async Task SearchCountAsync(HttpContext context)
    {
        var query = context.Request.Query["query"].ToString();
        var terms = query.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (!terms.Contains("type:ticket") || terms.Any(t => t != "type:ticket" && !t.StartsWith("created", StringComparison.Ordinal)))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync($"{{\"error\":\"the simulator counts type:ticket with created bounds only, not '{query}'\"}}", context.RequestAborted);
            return;
        }

        var bounds = terms.Where(t => t.StartsWith("created", StringComparison.Ordinal)).Select(t =>
        {
            var op = t[7..].StartsWith(">=", StringComparison.Ordinal) || t[7..].StartsWith("<=", StringComparison.Ordinal) ? t[7..9] : t[7..8];
            return (Op: op, At: DateTimeOffset.Parse(t[(7 + op.Length)..], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).UtcDateTime);
        }).ToList();
        long count = 0;
        if (Records.TryGetValue("tickets", out var tickets))
        {
            for (var start = 0; start < tickets.Count; start += 1000)
            {
                foreach (var json in await tickets.ReadAsync(start, 1000, context.RequestAborted))
                {
                    using var document = System.Text.Json.JsonDocument.Parse(json);
                    var root = document.RootElement;
                    if (root.TryGetProperty("status", out var status) && status.GetString() == "deleted") continue;
                    var created = root.GetProperty("created_at").GetDateTimeOffset().UtcDateTime;
                    if (bounds.All(b => b.Op switch { ">=" => created >= b.At, ">" => created > b.At, "<" => created < b.At, _ => created <= b.At })) count++;
                }
            }
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(FormattableString.Invariant($"{{\"count\":{count}}}"), context.RequestAborted);
    }

    /// <summary>
    /// Incremental cursor export (developer.zendesk.com/api-reference/ticketing/ticket-management/incremental_exports/,
    /// "Incremental Ticket Export, Cursor Based" and "Incremental User Export, Cursor Based"): a first request with
    /// <c>start_time</c>, then <c>cursor</c> = the previous page's <c>after_cursor</c>; up to 1000 records a page; the
    /// envelope has <c>after_url</c>, <c>after_cursor</c>, <c>before_url</c>, <c>before_cursor</c> and <c>end_of_stream</c>.
    /// Deleted tickets are exported too (status "deleted"): they are records of the set like any other.
    /// </summary>
    private async Task ExportAsync(string resource, HttpContext context)
    {
        if (!Records.TryGetValue(resource, out var records))
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

        var page = await records.ReadAsync(start, ExportPageSize, context.RequestAborted);
        var end = start + page.Count;
        var (at, id) = end > 0 ? records.KeyAt(end - 1) : (DateTime.MinValue, 0L);
        var after = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{at.Ticks}:{id}"));
        var afterUrl = $"{baseAddress()}api/v2/incremental/{resource}/cursor.json?cursor={Uri.EscapeDataString(after)}";
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
    private async Task PagedAsync(string resource, string listName, bool newestFirst, HttpContext context)
    {
        if (!Records.TryGetValue(resource, out var records))
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
        var link = hasMore ? $"\"{baseAddress()}api/v2/{(resource == "sla_policies" ? "slas/policies" : resource)}.json?page%5Bsize%5D={size}&page%5Bafter%5D={Uri.EscapeDataString(token)}{(since is null ? "" : "&start_time=" + seconds)}\"" : "null";
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(
            $"{{\"{listName}\":[{string.Join(",", page)}],\"meta\":{{\"has_more\":{(hasMore ? "true" : "false")},\"after_cursor\":\"{token}\",\"before_cursor\":null}},\"links\":{{\"prev\":null,\"next\":{link}}}}}",
            context.RequestAborted);
    }
}
