using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Warehouse.Etl.Simulation;

namespace Warehouse.Etl.Sources.HubSpot;

/// <summary>
/// HubSpot's CRM v3 lists and search on loopback, as HubSpot documents them (each rule names its page). Rate limits are
/// faults a test sets: 429 (developers.hubspot.com/docs/developer-tooling/platform/usage-guidelines).
/// </summary>
public sealed class HubSpotSimulator : ISourceSimulator
{
    /// <summary>Object types ("contacts", "deals", "owners", "companies") and, with the suffix "_archived", their archived records.</summary>
    public Dictionary<string, ApiRecordSet> Records { get; } = new(StringComparer.Ordinal);

    public void Map(IEndpointRouteBuilder routes, Func<Uri> baseAddress)
    {
        routes.MapGet("/crm/v3/owners", (HttpContext context) => ListAsync("owners", context));
        routes.MapGet("/crm/v3/objects/{type}", (string type, HttpContext context) => ListAsync(type, context));
        routes.MapPost("/crm/v3/objects/{type}/search", (string type, HttpContext context) => SearchAsync(type, context));
    }

    /// <summary>
    /// HubSpot object list (developers.hubspot.com/docs/guides/crm/using-object-apis): <c>limit</c> (default 10; at most
    /// 100, as HubSpot's clients page), <c>after</c> = the previous page's <c>paging.next.after</c>, no <c>paging</c> on the
    /// last page; <c>archived=true</c> returns the archived records only.
    /// </summary>
    private async Task ListAsync(string type, HttpContext context)
    {
        var archived = context.Request.Query["archived"] == "true";
        if (!Records.TryGetValue(archived ? type + "_archived" : type, out var records))
        {
            await PageAsync(context, [], null);
            return;
        }

        var limit = Math.Clamp(int.TryParse(context.Request.Query["limit"], out var l) ? l : 10, 1, 100);
        var offset = int.TryParse(context.Request.Query["after"], out var a) ? a : 0;
        var page = await records.ReadAsync(offset, limit, context.RequestAborted);
        await PageAsync(context, page, offset + page.Count < records.Count ? offset + page.Count : null);
    }

    /// <summary>
    /// HubSpot search (developers.hubspot.com/docs/api-reference/latest/crm/search-the-crm): the filter's GTE value
    /// (epoch milliseconds) on the last-modified date, ascending; or EQ on it with GT on <c>hs_object_id</c>, sorted by
    /// <c>hs_object_id</c> ("Filter search results", "Sort search results"); <c>limit</c> default 10, at most 200; paged by
    /// <c>after</c>; the answer carries <c>total</c>; a page past the first 10,000 results is refused with 400 ("Limitations").
    /// </summary>
    private async Task SearchAsync(string type, HttpContext context)
    {
        using var body = await System.Text.Json.JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        var root = body.RootElement;
        var groups = root.GetProperty("filterGroups");
        if (groups.GetArrayLength() != 1 || groups[0].GetProperty("filters").EnumerateArray().Any(f => !IsIncremental(f)))
        {
            await FilteredAsync(type, groups, context);
            return;
        }

        // The filters the connector sends: GTE or EQ on the last-modified date (epoch milliseconds), GT on hs_object_id.
        DateTime? since = null, at = null;
        long aboveId = -1;
        foreach (var filter in root.GetProperty("filterGroups")[0].GetProperty("filters").EnumerateArray())
        {
            var value = long.Parse(filter.GetProperty("value").GetString()!, CultureInfo.InvariantCulture);
            switch (filter.GetProperty("propertyName").GetString(), filter.GetProperty("operator").GetString())
            {
                case ("hs_object_id", "GT"): aboveId = value; break;
                case (_, "GTE"): since = DateTimeOffset.FromUnixTimeMilliseconds(value).UtcDateTime; break;
                case (_, "EQ"): at = DateTimeOffset.FromUnixTimeMilliseconds(value).UtcDateTime; break;
                default: throw new InvalidOperationException($"The simulator does not implement the filter {filter}.");
            }
        }

        var limit = root.TryGetProperty("limit", out var l) && l.ValueKind == System.Text.Json.JsonValueKind.Number ? Math.Clamp(l.GetInt32(), 1, 200) : 10;
        var offset = root.TryGetProperty("after", out var a) && a.ValueKind == System.Text.Json.JsonValueKind.String ? int.Parse(a.GetString()!, CultureInfo.InvariantCulture) : 0;
        if (offset + limit > 10_000)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("{\"status\":\"error\",\"message\":\"The search API can return at most 10,000 results.\",\"category\":\"VALIDATION_ERROR\"}", context.RequestAborted);
            return;
        }

        if (!Records.TryGetValue(type, out var records))
        {
            await PageAsync(context, [], null, total: 0);
            return;
        }

        // Records are held in (modified, id) order: objects modified at one instant are in hs_object_id order, as sorting by it returns them.
        var first = at is { } instant ? records.FirstAfter(instant, aboveId) : records.FirstUpdatedSince(since);
        var end = at is { } moment ? records.FirstUpdatedSince(moment.AddMilliseconds(1)) : records.Count;
        var page = await records.ReadAsync(first + offset, Math.Min(limit, Math.Max(0, end - first - offset)), context.RequestAborted);
        await PageAsync(context, page, first + offset + page.Count < end ? offset + page.Count : null, total: end - first);
    }

    // The incremental read's filters: GTE or EQ on a last-modified date, GT on hs_object_id.
    private static bool IsIncremental(System.Text.Json.JsonElement filter) =>
        (filter.GetProperty("propertyName").GetString(), filter.GetProperty("operator").GetString()) is ("hs_object_id", "GT") or ("lastmodifieddate" or "hs_lastmodifieddate", "GTE" or "EQ");

    /// <summary>
    /// Any other search (a count's): the filter groups ORed and each group's filters ANDed ("Filter search results": up
    /// to 5 groups of 6 filters; 400 past that), with EQ, GT, GTE, LT, LTE on a number or a date (epoch milliseconds),
    /// HAS_PROPERTY and NOT_HAS_PROPERTY (no value; a property that is empty has no value). The answer's <c>total</c>
    /// counts every match; archived records are not searched. The results here are the first match only: a count reads no more.
    /// </summary>
    private async Task FilteredAsync(string type, System.Text.Json.JsonElement groups, HttpContext context)
    {
        var rules = groups.EnumerateArray().Select(g => g.GetProperty("filters").EnumerateArray()
            .Select(f => (Property: f.GetProperty("propertyName").GetString()!, Operator: f.GetProperty("operator").GetString()!,
                Value: f.TryGetProperty("value", out var v) ? Millis(v.GetString()) : null)).ToList()).ToList();
        if (rules.Count > 5 || rules.Any(g => g.Count > 6) || rules.Sum(g => g.Count) > 18)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("{\"status\":\"error\",\"message\":\"Too many filter groups or filters.\",\"category\":\"VALIDATION_ERROR\"}", context.RequestAborted);
            return;
        }

        string? first = null;
        var total = 0;
        if (Records.TryGetValue(type, out var records))
        {
            for (var start = 0; start < records.Count; start += 1000)
            {
                foreach (var json in await records.ReadAsync(start, 1000, context.RequestAborted))
                {
                    using var document = System.Text.Json.JsonDocument.Parse(json);
                    var properties = document.RootElement.GetProperty("properties");
                    if (!rules.Any(g => g.All(f => Holds(properties, f.Property, f.Operator, f.Value)))) continue;
                    if (total++ == 0) first = json;
                }
            }
        }

        await PageAsync(context, first is null ? [] : [first], null, total);
    }

    private static bool Holds(System.Text.Json.JsonElement properties, string property, string op, long? value)
    {
        var held = properties.TryGetProperty(property, out var p) && p.ValueKind == System.Text.Json.JsonValueKind.String && p.GetString() is { Length: > 0 } text ? Millis(text) : null;
        return op switch
        {
            "HAS_PROPERTY" => held is not null,
            "NOT_HAS_PROPERTY" => held is null,
            _ when held is null || value is null => false,
            "EQ" => held == value,
            "GT" => held > value,
            "GTE" => held >= value,
            "LT" => held < value,
            "LTE" => held <= value,
            _ => throw new InvalidOperationException($"The simulator does not implement the operator {op}."),
        };
    }

    // A property value or a filter value: a number, or a date as epoch milliseconds (HubSpot takes dates either way).
    private static long? Millis(string? text) =>
        text is null ? null
        : long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n
        : DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at.ToUnixTimeMilliseconds() : null;

    /// <summary>A HubSpot page: <c>results</c>, <c>paging.next.after</c> unless it is the last page, and <c>total</c> for a search.</summary>
    private static Task PageAsync(HttpContext context, IReadOnlyList<string> page, int? after, int? total = null)
    {
        context.Response.ContentType = "application/json";
        var paging = after is null ? "" : $",\"paging\":{{\"next\":{{\"after\":\"{after}\"}}}}";
        var count = total is null ? "" : FormattableString.Invariant($"\"total\":{total},");
        return context.Response.WriteAsync($"{{{count}\"results\":[{string.Join(",", page)}]{paging}}}", context.RequestAborted);
    }
}
