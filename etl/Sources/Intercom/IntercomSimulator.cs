using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Warehouse.Etl.Simulation;

namespace Warehouse.Etl.Sources.Intercom;

/// <summary>
/// The Intercom REST API on loopback, as developers.intercom.com documents it (each rule names its page, under
/// docs/references/2.15/rest-api/api.intercom.io/); checked against the published OpenAPI description and the recorded
/// real answers in tests/Contracts/intercom.
/// </summary>
public sealed class IntercomSimulator : ISourceSimulator
{
    /// <summary>"Rate limiting" (docs/references/rest-api/errors/rate-limiting): the allowance per minute the headers report.</summary>
    public const int RateLimit = 10_000;

    private readonly Dictionary<ApiRecordSet, Dictionary<long, int>> positions = new(ReferenceEqualityComparer.Instance);

    /// <summary>
    /// Lists: "admins", "teams", "contacts" and "conversations" (each conversation whole, with its conversation_parts
    /// list as "Retrieve a conversation" returns it uncapped; the simulator caps it).
    /// </summary>
    public Dictionary<string, ApiRecordSet> Records { get; } = new(StringComparer.Ordinal);

    public void Map(IEndpointRouteBuilder routes, Func<Uri> baseAddress)
    {
        routes.MapGet("/admins", context => ListAsync(context, "admins", "admin.list"));
        routes.MapGet("/teams", context => ListAsync(context, "teams", "team.list"));
        routes.MapGet("/companies/scroll", ScrollAsync);
        routes.MapPost("/contacts/search", context => SearchAsync(context, "contacts", "list", "data"));
        routes.MapPost("/conversations/search", context => SearchAsync(context, "conversations", "conversation.list", "conversations"));
        routes.MapGet("/conversations/{id}", (string id, HttpContext context) => ConversationAsync(context, id));
    }

    /// <summary>
    /// "Authentication": every request carries <c>Authorization: Bearer &lt;token&gt;</c>; without one the answer is 401
    /// with an error list (type error.list, code unauthorized). "Rate limiting": every answer reports
    /// X-RateLimit-Limit, X-RateLimit-Remaining and X-RateLimit-Reset (Unix seconds).
    /// </summary>
    private static async Task<bool> RefusedAsync(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers["X-RateLimit-Limit"] = RateLimit.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Remaining"] = (RateLimit - 1).ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Reset"] = (DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 10).ToString(CultureInfo.InvariantCulture);
        var authorization = context.Request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.Ordinal) && authorization.Length > 7) return false;
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        await Json(context, """{"type":"error.list","request_id":"simulated","errors":[{"code":"unauthorized","message":"Access Token Invalid"}]}""");
        return true;
    }

    /// <summary>"List all admins" (admins/listadmins) and "List all teams" (teams/listteams): the whole list, unpaged.</summary>
    private async Task ListAsync(HttpContext context, string list, string type)
    {
        if (await RefusedAsync(context)) return;
        var records = Records.GetValueOrDefault(list) ?? ApiRecordSet.FromJson([]);
        var all = await records.ReadAsync(0, records.Count, context.RequestAborted);
        await Json(context, $"{{\"type\":\"{type}\",\"{list}\":[{string.Join(",", all)}]}}");
    }

    /// <summary>
    /// "Search conversations" (conversations/searchconversations) and "Search contacts" (contacts/searchcontacts): a
    /// query of one filter, or an <c>AND</c> of filters, on <c>updated_at</c> or <c>created_at</c>, compared in Unix seconds
    /// with <c>=</c>, <c>&gt;</c> "Greater (or equal) than" or <c>&lt;</c> "Lower (or equal) than" (Accepted Operators); <c>total_count</c>
    /// the number found; <c>pagination.per_page</c>
    /// up to 150 (default 20 for conversations, 50 for contacts) and <c>starting_after</c> the previous answer's
    /// <c>pages.next.starting_after</c>, absent on the last page. Conversations found by search have no parts ("the
    /// conversation parts are only returned when retrieving a conversation"). A query the simulator does not know is
    /// refused with 400 rather than answered with everything.
    /// </summary>
    private async Task SearchAsync(HttpContext context, string list, string type, string listName)
    {
        if (await RefusedAsync(context)) return;
        JsonNode? body;
        try
        {
            body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        }
        catch (JsonException)
        {
            body = null;
        }

        var filters = Filters(body?["query"]);
        if (filters is null)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await Json(context, """{"type":"error.list","request_id":"simulated","errors":[{"code":"parameter_invalid","message":"The simulator searches by updated_at or created_at with >, < or =, one filter or an AND of them"}]}""");
            return;
        }

        var records = Records.GetValueOrDefault(list) ?? ApiRecordSet.FromJson([]);
        var all = (await records.ReadAsync(0, records.Count, context.RequestAborted)).Where(r =>
        {
            using var document = JsonDocument.Parse(r);
            return filters.All(f =>
            {
                var at = document.RootElement.TryGetProperty(f.Field, out var value) && value.TryGetInt64(out var seconds) ? seconds : 0;
                return f.Op switch { ">" => at >= f.Seconds, "<" => at <= f.Seconds, _ => at == f.Seconds };
            });
        }).ToList();
        var pagination = body?["pagination"];
        var perPage = Math.Clamp(pagination?["per_page"]?.GetValue<int>() ?? (list == "contacts" ? 50 : 20), 1, 150);
        var offset = pagination?["starting_after"]?.GetValue<string>() is { } after ? int.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(after)), CultureInfo.InvariantCulture) : 0;
        var page = all.Skip(offset).Take(perPage).Select(r => list == "conversations" ? WithoutParts(r) : r).ToList();
        var totalPages = Math.Max(1, (all.Count + perPage - 1) / perPage);
        var pageNumber = offset / perPage + 1;
        var next = offset + page.Count < all.Count
            ? $",\"next\":{{\"page\":{pageNumber + 1},\"starting_after\":\"{Convert.ToBase64String(Encoding.UTF8.GetBytes((offset + page.Count).ToString(CultureInfo.InvariantCulture)))}\"}}"
            : "";
        await Json(context, $"{{\"type\":\"{type}\",\"{listName}\":[{string.Join(",", page)}],\"total_count\":{all.Count},\"pages\":{{\"type\":\"pages\",\"page\":{pageNumber},\"per_page\":{perPage},\"total_pages\":{totalPages}{next}}}}}");
    }

    /// <summary>Companies a scroll page holds.</summary>
    public int ScrollPageSize { get; set; } = 50;

    private (string Param, int Next, DateTime Used)? openScroll;

    /// <summary>
    /// "Scroll over all companies" (companies/scrolloverallcompanies): a GET without scroll_param opens a scroll and
    /// answers its first page with a scroll_param; "Each app can only have 1 scroll open at a time" (a second one is
    /// refused 400 while the first is in use); "If the scroll isn't used for 1 minute, it expires"; at the end "companies
    /// will be empty and the scroll parameter will expire". A scroll_param that is not the open scroll's is refused 400.
    /// </summary>
    private async Task ScrollAsync(HttpContext context)
    {
        if (await RefusedAsync(context)) return;
        var param = context.Request.Query["scroll_param"].ToString();
        int start;
        string current;
        lock (positions)
        {
            if (openScroll is { } open && DateTime.UtcNow - open.Used > TimeSpan.FromMinutes(1)) openScroll = null;
            if (param.Length == 0 && openScroll is not null) start = -1;
            else if (param.Length > 0 && openScroll?.Param != param) start = -2;
            else start = param.Length == 0 ? 0 : openScroll!.Value.Next;
            current = param.Length == 0 ? Guid.NewGuid().ToString() : param;
        }

        if (start < 0)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await Json(context, start == -1
                ? """{"type":"error.list","request_id":"simulated","errors":[{"code":"scroll_exists","message":"scroll already exists for this workspace"}]}"""
                : """{"type":"error.list","request_id":"simulated","errors":[{"code":"not_found","message":"scroll parameter not found"}]}""");
            return;
        }

        var records = Records.GetValueOrDefault("companies") ?? ApiRecordSet.FromJson([]);
        var page = await records.ReadAsync(Math.Min(start, records.Count), Math.Min(ScrollPageSize, Math.Max(0, records.Count - start)), context.RequestAborted);
        lock (positions) openScroll = page.Count == 0 ? null : (current, start + page.Count, DateTime.UtcNow);
        await Json(context, $"{{\"type\":\"list\",\"data\":[{string.Join(",", page)}],\"pages\":null,\"total_count\":null,\"scroll_param\":\"{current}\"}}");
    }

    /// <summary>
    /// "Retrieve a conversation" (conversations/retrieveconversation): the conversation with its parts, "The maximum
    /// number of conversation parts that can be returned via the API is 500. If you have more than that we will return
    /// the 500 most recent conversation parts"; total_count stays the number of all parts. 404 with an error list for
    /// an unknown id.
    /// </summary>
    private async Task ConversationAsync(HttpContext context, string id)
    {
        if (await RefusedAsync(context)) return;
        var records = Records.GetValueOrDefault("conversations") ?? ApiRecordSet.FromJson([]);
        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var key) || !PositionsOf(records).TryGetValue(key, out var position))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            await Json(context, """{"type":"error.list","request_id":"simulated","errors":[{"code":"not_found","message":"Resource Not Found"}]}""");
            return;
        }

        var conversation = JsonNode.Parse((await records.ReadAtAsync([position], context.RequestAborted))[0])!.AsObject();
        var parts = conversation["conversation_parts"]?["conversation_parts"]?.AsArray().Select(p => p!.DeepClone()).ToList() ?? [];
        conversation["conversation_parts"] = new JsonObject
        {
            ["type"] = "conversation_part.list",
            ["conversation_parts"] = new JsonArray([.. parts.Skip(Math.Max(0, parts.Count - IntercomConversation.PartsCap))]),
            ["total_count"] = parts.Count,
        };
        await Json(context, conversation.ToJsonString());
    }

    /// <summary>Where each conversation sits in its set, by id (built once per set).</summary>
    private Dictionary<long, int> PositionsOf(ApiRecordSet records)
    {
        lock (positions)
        {
            if (!positions.TryGetValue(records, out var byId))
            {
                positions[records] = byId = Enumerable.Range(0, records.Count).ToDictionary(p => records.KeyAt(p).Id);
            }

            return byId;
        }
    }

    private static string WithoutParts(string conversation)
    {
        var node = JsonNode.Parse(conversation)!.AsObject();
        node.Remove("conversation_parts");
        return node.ToJsonString();
    }

    /// <summary>The query's filters, one or an AND of them; null for a query the simulator does not read.</summary>
    private static List<(string Field, string Op, long Seconds)>? Filters(JsonNode? query)
    {
        if (query?["operator"]?.GetValue<string>() == "AND" && query["value"] is JsonArray all)
        {
            var filters = all.Select(One).ToList();
            return filters.Count > 0 && filters.All(f => f is not null) ? filters.Select(f => f!.Value).ToList() : null;
        }

        return One(query) is { } single ? [single] : null;

        static (string, string, long)? One(JsonNode? filter) =>
            filter?["field"]?.GetValue<string>() is ("updated_at" or "created_at") and var field && filter["operator"]?.GetValue<string>() is (">" or "<" or "=") and var op
            && filter["value"] is JsonValue value && long.TryParse(value.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
                ? (field, op, seconds)
                : null;
    }

    private static Task Json(HttpContext context, string body)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body, context.RequestAborted);
    }
}
