using System.Globalization;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Warehouse.Etl.Landing;

namespace Warehouse.Etl.Sources.Intercom;

/// <summary>
/// Reads the Intercom REST API (developers.intercom.com/docs/references/rest-api/api.intercom.io): whole lists
/// (admins, teams), the search endpoints of contacts and conversations paged by <c>pages.next.starting_after</c>,
/// and one conversation with its parts. Every request names the API version in the <c>Intercom-Version</c> header.
/// A page cursor met twice stops the stream instead of looping.
/// </summary>
internal sealed class IntercomApi(HttpClient http, Http.HttpSettings limits)
{
    /// <summary>The API version every request asks for (the description in tests/Contracts/intercom is of this version).</summary>
    public const string Version = "2.15";

    /// <summary>The documented maximum of a search page ("Search conversations": per_page, max 150).</summary>
    public const int SearchPageSize = 150;

    /// <summary>Unix seconds, as Intercom writes every time.</summary>
    public static DateTime? Time(JsonElement json, string name) =>
        json.Property(name) is { ValueKind: JsonValueKind.Number } value && value.TryGetInt64(out var seconds) && seconds > 0
            ? DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime
            : null;

    public static string WatermarkOf(DateTime at) => at.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    /// <summary>A list answered whole (GET /admins → "admins", GET /teams → "teams").</summary>
    public async IAsyncEnumerable<SourceRecord> ListAsync(string path, string listName, [EnumeratorCancellation] CancellationToken ct)
    {
        using var page = await ReadAsync(new HttpRequestMessage(HttpMethod.Get, path), listName, ct);
        foreach (var record in page.RootElement.GetProperty(listName).EnumerateArray()) yield return new SourceRecord(record.Clone(), null);
    }

    /// <summary>
    /// Records updated after <paramref name="since"/> by a search endpoint ("Search conversations", "Search contacts":
    /// a query on <c>updated_at</c>; the answer's order is not documented, so the cursor is the newest time read; pages by
    /// <c>pagination.starting_after</c> = the previous answer's <c>pages.next.starting_after</c>).
    /// </summary>
    public async IAsyncEnumerable<SourceRecord> SearchAsync(string path, string listName, DateTime? since, [EnumeratorCancellation] CancellationToken ct)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var budget = new Http.PageBudget($"Intercom {listName}", limits.MaxPages);
        var after = since is { } at ? new DateTimeOffset(at, TimeSpan.Zero).ToUnixTimeSeconds() - 1 : 0;
        string? startingAfter = null;
        while (true)
        {
            var pagination = new JsonObject { ["per_page"] = SearchPageSize };
            if (startingAfter is not null) pagination["starting_after"] = startingAfter;
            var body = new JsonObject
            {
                ["query"] = new JsonObject { ["field"] = "updated_at", ["operator"] = ">", ["value"] = after },
                ["pagination"] = pagination,
            };
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
            using var page = await ReadAsync(request, listName, ct);
            var records = page.RootElement.GetProperty(listName);
            foreach (var record in records.EnumerateArray())
            {
                yield return new SourceRecord(record.Clone(), Time(record, "updated_at") is { } updated ? WatermarkOf(updated) : null);
            }

            startingAfter = page.RootElement.Property("pages").Property("next").OptionalString("starting_after", 4000);
            if (startingAfter is null) yield break;
            if (!seen.Add(startingAfter)) throw new InvalidOperationException($"Intercom returned the page cursor of {listName} twice: stopped instead of looping.");
            budget.Next(records.GetArrayLength());
        }
    }

    /// <summary>
    /// The number of records a search finds created in <c>[fromUtc, toUtc)</c>: the answer's <c>total_count</c> for one
    /// record per page. "Search conversations", Accepted Operators: <c>&gt;</c> is "Greater (or equal) than" and
    /// <c>&lt;</c> "Lower (or equal) than", so the bounds are the first second and the last second of the range.
    /// </summary>
    public async Task<long> CreatedCountAsync(string path, string listName, DateTime fromUtc, DateTime toUtc, CancellationToken ct)
    {
        var (first, last) = (new DateTimeOffset(fromUtc, TimeSpan.Zero).ToUnixTimeSeconds(), new DateTimeOffset(toUtc, TimeSpan.Zero).ToUnixTimeSeconds() - 1);
        var body = new JsonObject
        {
            ["query"] = new JsonObject
            {
                ["operator"] = "AND",
                ["value"] = new JsonArray(
                    new JsonObject { ["field"] = "created_at", ["operator"] = ">", ["value"] = first },
                    new JsonObject { ["field"] = "created_at", ["operator"] = "<", ["value"] = last }),
            },
            ["pagination"] = new JsonObject { ["per_page"] = 1 },
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        using var page = await ReadAsync(request, listName, ct);
        return page.RootElement.TryGetProperty("total_count", out var total) && total.ValueKind == JsonValueKind.Number
            ? total.GetInt64()
            : throw new InvalidOperationException($"Intercom's search of {listName} answered no total_count");
    }

    /// <summary>
    /// Every company by "Scroll over all companies" (GET /companies/scroll, then ?scroll_param= the previous answer's):
    /// one scroll at a time, ended by an empty <c>data</c> list. A scroll cannot resume, so a failure fails the stream
    /// and the next run scrolls again from the start.
    /// </summary>
    public async IAsyncEnumerable<SourceRecord> ScrollAsync(string path, [EnumeratorCancellation] CancellationToken ct)
    {
        var budget = new Http.PageBudget("Intercom companies", limits.MaxPages);
        string? scroll = null;
        while (true)
        {
            using var page = await ReadAsync(new HttpRequestMessage(HttpMethod.Get, scroll is null ? path : $"{path}?scroll_param={Uri.EscapeDataString(scroll)}"), "data", ct);
            var records = page.RootElement.GetProperty("data");
            if (records.ValueKind != JsonValueKind.Array || records.GetArrayLength() == 0) yield break;
            foreach (var record in records.EnumerateArray()) yield return new SourceRecord(record.Clone(), null);
            scroll = page.RootElement.OptionalString("scroll_param", 400) ?? throw new InvalidOperationException("Intercom returned a page of companies without a scroll_param.");
            budget.Next(records.GetArrayLength());
        }
    }

    /// <summary>One conversation with its parts (GET /conversations/{id}).</summary>
    public async Task<JsonDocument> ConversationAsync(string id, CancellationToken ct) =>
        await ReadAsync(new HttpRequestMessage(HttpMethod.Get, "conversations/" + Uri.EscapeDataString(id)), "conversation_parts", ct);

    private async Task<JsonDocument> ReadAsync(HttpRequestMessage request, string listName, CancellationToken ct)
    {
        using (request)
        {
            request.Headers.Add("Intercom-Version", Version);
            request.Headers.Accept.ParseAdd("application/json");
            using var response = await http.SendAsync(request, ct);
            if (response.StatusCode == System.Net.HttpStatusCode.Unauthorized)
            {
                throw new HttpRequestException("Intercom answered 401 Unauthorized: the access token in Sources:Intercom:Token is missing, wrong or revoked.", null, response.StatusCode);
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"Intercom {listName} answered HTTP {(int)response.StatusCode} {response.ReasonPhrase} after retries.", null, response.StatusCode);
            }

            var text = await response.Content.ReadAsStringAsync(ct);
            var page = JsonPage.TryParse(text, out _);
            if (page is null || !page.RootElement.TryGetProperty(listName, out _))
            {
                page?.Dispose();
                // Without a readable page there is no next cursor either: the stream fails and its cursor stays.
                throw new InvalidOperationException(text.Length == 0
                    ? $"Intercom returned an empty response for {listName}."
                    : $"Intercom returned a page of {listName} that is not valid JSON or has no '{listName}'.");
            }

            return page;
        }
    }
}
