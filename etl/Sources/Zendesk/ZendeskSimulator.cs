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
