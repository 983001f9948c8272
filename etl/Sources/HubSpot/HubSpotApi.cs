using System.Globalization;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Warehouse.Etl.Landing;

namespace Warehouse.Etl.Sources.HubSpot;

/// <summary>
/// Reads HubSpot CRM v3: list endpoints and the search endpoint, both paged by <c>paging.next.after</c>.
/// Search filters by a last-modified property (incremental); lists serve archived records and objects
/// with their associations, which search does not return.
/// </summary>
internal sealed class HubSpotApi(HttpClient http, Http.HttpSettings limits)
{
    public const int PageSize = 100;

    public IAsyncEnumerable<SourceRecord> ListAsync(string path, string query, CancellationToken ct) =>
        PagesAsync(after => http.GetAsync($"{path}?limit={PageSize}{query}{(after is null ? "" : "&after=" + Uri.EscapeDataString(after))}", ct), path, new Http.PageBudget("HubSpot " + path, limits.MaxPages), ct);

    /// <summary>
    /// Objects modified at or after <paramref name="since"/>, oldest first. One search returns at most 10,000 results
    /// and a page past them is refused with 400 (developers.hubspot.com/docs/api-reference/latest/crm/search-the-crm,
    /// "Limitations"): before that point the search starts again from the last modified time read, and the objects
    /// already read at that very time are skipped, so none is lost or read twice. More than 10,000 objects modified at one
    /// millisecond are read by id (<see cref="SharingTimeAsync"/>).
    /// </summary>
    public async IAsyncEnumerable<SourceRecord> SearchAsync(string objectType, string modifiedProperty, DateTime? since, IReadOnlyList<string> properties,
        [EnumeratorCancellation] CancellationToken ct)
    {
        var from = since is null ? 0 : new DateTimeOffset(DateTime.SpecifyKind(since.Value, DateTimeKind.Utc)).ToUnixTimeMilliseconds();
        string? lastCursor = null;
        var readAtLast = new HashSet<string>(StringComparer.Ordinal);
        var budget = new Http.PageBudget("HubSpot " + objectType, limits.MaxPages);
        while (true)
        {
            var window = new SearchWindow();
            var start = from;
            await foreach (var record in PagesAsync(after => PostSearchAsync(objectType, [new(modifiedProperty, "GTE", start)], modifiedProperty, properties, after, ct), objectType, budget, ct, window))
            {
                var id = record.Json.ValueKind == JsonValueKind.Object && record.Json.TryGetProperty("id", out var i) ? i.ToString() : null;
                if (record.Cursor is not null && record.Cursor == lastCursor)
                {
                    if (id is not null && !readAtLast.Add(id)) continue;
                }
                else if (record.Cursor is not null)
                {
                    lastCursor = record.Cursor;
                    readAtLast.Clear();
                    if (id is not null) readAtLast.Add(id);
                }

                yield return record;
            }

            if (!window.Truncated) yield break;
            var next = lastCursor is null ? from : new DateTimeOffset(Watermark.Parse(lastCursor)).ToUnixTimeMilliseconds();
            if (next > from)
            {
                from = next;
                continue;
            }

            // More than 10,000 objects share this modified time (a bulk import): they are read by id, then the
            // search goes on after that millisecond.
            await foreach (var record in SharingTimeAsync(objectType, modifiedProperty, from, properties, budget, ct))
            {
                var id = record.Json.TryGetProperty("id", out var i) ? i.ToString() : null;
                if (id is not null && readAtLast.Contains(id)) continue;
                yield return record;
            }

            from++;
            lastCursor = null;
            readAtLast.Clear();
        }
    }

    /// <summary>
    /// The objects modified at the millisecond <paramref name="at"/>, by ascending <c>hs_object_id</c>: a filter EQ on the
    /// modified time and GT on the last id read, sorted by <c>hs_object_id</c> (search-the-crm, "Filter search results" and
    /// "Sort search results"), searched again from the last id before each 10,000 results.
    /// </summary>
    private async IAsyncEnumerable<SourceRecord> SharingTimeAsync(string objectType, string modifiedProperty, long at, IReadOnlyList<string> properties,
        Http.PageBudget budget, [EnumeratorCancellation] CancellationToken ct)
    {
        long above = 0;
        while (true)
        {
            var window = new SearchWindow();
            var start = above;
            await foreach (var record in PagesAsync(after => PostSearchAsync(objectType, [new(modifiedProperty, "EQ", at), new("hs_object_id", "GT", start)], "hs_object_id", properties, after, ct),
                               objectType, budget, ct, window))
            {
                if (record.Json.TryGetProperty("id", out var i) && long.TryParse(i.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > above) above = id;
                yield return record;
            }

            if (!window.Truncated) yield break;
            if (above <= start) throw new InvalidOperationException($"HubSpot {objectType}: the search by id at one modified time did not move past id {start}.");
        }
    }

    /// <summary>
    /// The number of objects a search matches: its <c>total</c>, read from a first page of one result. Filter groups are
    /// ORed, the filters of a group ANDed; at most 5 groups of 6 filters (search-the-crm, "Filter search results").
    /// </summary>
    public async Task<long> SearchTotalAsync(string objectType, IReadOnlyList<IReadOnlyList<SearchFilter>> groups, CancellationToken ct)
    {
        using var response = await http.PostAsJsonAsync($"crm/v3/objects/{objectType}/search", new
        {
            filterGroups = groups.Select(g => new { filters = g.Select(Body) }),
            properties = new[] { "hs_object_id" },
            limit = 1,
        }, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"HubSpot {objectType} search answered HTTP {(int)response.StatusCode} {response.ReasonPhrase} after retries.", null, response.StatusCode);
        }

        var body = await response.Content.ReadAsStringAsync(ct);
        using var page = JsonPage.TryParse(body, out _) ?? throw new InvalidOperationException($"HubSpot answered a search of {objectType} with something that is not JSON.");
        return page.RootElement.TryGetProperty("total", out var total) && total.TryGetInt64(out var n) ? n
            : throw new InvalidOperationException($"HubSpot answered a search of {objectType} without its total.");
    }

    /// <summary>One page of a search: the filters in one group (all must hold), ascending by one property.</summary>
    private Task<HttpResponseMessage> PostSearchAsync(string objectType, IReadOnlyList<SearchFilter> filters, string sortProperty, IReadOnlyList<string> properties, string? after, CancellationToken ct) =>
        http.PostAsJsonAsync($"crm/v3/objects/{objectType}/search", new
        {
            filterGroups = new[] { new { filters = filters.Select(Body) } },
            sorts = new[] { new { propertyName = sortProperty, direction = "ASCENDING" } },
            properties,
            limit = PageSize,
            after,
        }, ct);

    // A filter as the search takes it: HAS_PROPERTY and NOT_HAS_PROPERTY have no value.
    private static object Body(SearchFilter f) => f.Value is { } value
        ? new { propertyName = f.Property, @operator = f.Operator, value = value.ToString(CultureInfo.InvariantCulture) }
        : new { propertyName = f.Property, @operator = f.Operator };

    // The search's cap on results per query.
    private const int SearchLimit = 10_000;

    /// <summary>Set when a search stopped at its cap with more results after it.</summary>
    private sealed class SearchWindow
    {
        public bool Truncated { get; set; }
    }

    private static async IAsyncEnumerable<SourceRecord> PagesAsync(Func<string?, Task<HttpResponseMessage>> request, string what, Http.PageBudget budget,
        [EnumeratorCancellation] CancellationToken ct, SearchWindow? window = null)
    {
        string? after = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        long read = 0;
        do
        {
            if (window is not null && read + PageSize > SearchLimit)
            {
                window.Truncated = true;
                yield break;
            }

            using var response = await request(after);
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"HubSpot {what} answered HTTP {(int)response.StatusCode} {response.ReasonPhrase} after retries.", null, response.StatusCode);
            }

            var body = await response.Content.ReadAsStringAsync(ct);
            using var page = JsonPage.TryParse(body, out _) ?? throw new InvalidOperationException($"HubSpot returned a page of {what} that is not valid JSON{(body.Length == 0 ? " (empty)" : "")}.");
            if (!page.RootElement.TryGetProperty("results", out var results) || results.ValueKind != JsonValueKind.Array)
            {
                throw new InvalidOperationException($"HubSpot returned a page of {what} without a results list.");
            }

            foreach (var record in results.EnumerateArray())
            {
                read++;
                yield return new SourceRecord(record, Watermark.Of(record, "updatedAt"));
            }

            after = page.RootElement.Property("paging").Property("next").OptionalString("after", 2000);
            if (after is not null) budget.Next(results.GetArrayLength());
            if (after is not null && !seen.Add(after)) throw new InvalidOperationException($"HubSpot returned the paging cursor of {what} twice: stopped instead of looping.");
        }
        while (after is not null);
    }
}

/// <summary>A search filter: a property, an operator (GTE, LT, EQ, GT, NOT_HAS_PROPERTY) and a number (epoch milliseconds for a date).</summary>
internal sealed record SearchFilter(string Property, string Operator, long? Value = null)
{
    public static SearchFilter At(string property, string op, DateTime utc) => new(property, op, new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToUnixTimeMilliseconds());
}
