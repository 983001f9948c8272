using System.Runtime.CompilerServices;
using System.Text.Json;
using Warehouse.Etl.Landing;

namespace Warehouse.Etl.Sources.Zendesk;

/// <summary>
/// Reads Zendesk Support API v2 lists in their two paging styles: the incremental cursor export
/// (<c>after_cursor</c>, <c>end_of_stream</c>) and cursor pagination (<c>meta.has_more</c>, <c>links.next</c>).
/// A page link met twice stops the stream instead of looping.
/// </summary>
internal sealed class ZendeskApi(HttpClient http, Http.HttpSettings limits)
{
    public const int PageSize = 100;

    /// <summary>Incremental cursor export: every record carries the page's after_cursor, from which the next run resumes.</summary>
    public IAsyncEnumerable<SourceRecord> IncrementalAsync(string resource, string? cursor, CancellationToken ct)
    {
        var first = cursor is null ? $"api/v2/incremental/{resource}/cursor.json?start_time=0" : $"api/v2/incremental/{resource}/cursor.json?cursor={Uri.EscapeDataString(cursor)}";
        return ReadAsync(first, resource, page =>
        {
            var after = page.OptionalString("after_cursor", 4000);
            var next = page.OptionalBool("end_of_stream") == true || after is null ? null : $"api/v2/incremental/{resource}/cursor.json?cursor={Uri.EscapeDataString(after)}";
            return (next, after);
        }, ct);
    }

    /// <summary>Cursor pagination (page[size], links.next while meta.has_more).</summary>
    public IAsyncEnumerable<SourceRecord> PagedAsync(string path, string listName, CancellationToken ct)
    {
        var separator = path.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        return ReadAsync($"{path}{separator}page%5Bsize%5D={PageSize}", listName, page =>
        {
            var hasMore = page.Property("meta").OptionalBool("has_more") == true;
            return (hasMore ? page.Property("links").OptionalString("next", 4000) : null, null);
        }, ct);
    }

    /// <summary>
    /// <c>GET /api/v2/satisfaction_ratings/count</c>: <c>{"count": {"value": N, "refreshed_at": …}}</c>, every rating of the
    /// account (satisfaction_ratings#count-satisfaction-ratings). Above 100,000 the count is a cached one, "updated every
    /// 24 hours", and while it is refreshed <c>refreshed_at</c> is null and the value "limited to 100,000": either way a
    /// floor of what the account holds now (ratings accumulate), so it is read as at least that many.
    /// </summary>
    public async Task<Reconciliation.SourceCount> RatingsCountAsync(CancellationToken ct)
    {
        using var response = await http.GetAsync("api/v2/satisfaction_ratings/count", ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"Zendesk satisfaction_ratings/count answered HTTP {(int)response.StatusCode} {response.ReasonPhrase} after retries.", null, response.StatusCode);
        }

        using var page = JsonPage.TryParse(await response.Content.ReadAsStringAsync(ct), out var error)
            ?? throw new InvalidOperationException($"Zendesk satisfaction_ratings/count answered what is not JSON ({error})");
        var count = page.RootElement.Property("count");
        if (count.ValueKind != JsonValueKind.Object || !count.TryGetProperty("value", out var value) || value.ValueKind != JsonValueKind.Number) throw new InvalidOperationException("Zendesk satisfaction_ratings/count answered no count value");
        var cached = value.GetInt64() >= RatingsCountCachedAbove || !count.TryGetProperty("refreshed_at", out var refreshed) || refreshed.ValueKind != JsonValueKind.String;
        return new Reconciliation.SourceCount(value.GetInt64(), cached ? Reconciliation.CountPrecision.AtLeast : Reconciliation.CountPrecision.Exact);
    }

    /// <summary>The count above which Zendesk answers the ratings count from its daily cache.</summary>
    public const long RatingsCountCachedAbove = 100_000;

    /// <summary><c>GET /api/v2/search/count?query=…</c>: <c>{"count": N}</c>, the number of results of the search (search#show-results-count).</summary>
    public async Task<long> SearchCountAsync(string query, CancellationToken ct)
    {
        using var response = await http.GetAsync($"api/v2/search/count?query={Uri.EscapeDataString(query)}", ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"Zendesk search/count answered HTTP {(int)response.StatusCode} {response.ReasonPhrase} after retries.", null, response.StatusCode);
        }

        using var page = JsonPage.TryParse(await response.Content.ReadAsStringAsync(ct), out var error)
            ?? throw new InvalidOperationException($"Zendesk search/count answered what is not JSON ({error})");
        return page.RootElement.TryGetProperty("count", out var count) && count.ValueKind == JsonValueKind.Number
            ? count.GetInt64()
            : throw new InvalidOperationException("Zendesk search/count answered no count");
    }

    private async IAsyncEnumerable<SourceRecord> ReadAsync(string url, string listName, Func<JsonElement, (string? Next, string? Cursor)> paging, [EnumeratorCancellation] CancellationToken ct)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var budget = new Http.PageBudget($"Zendesk {listName}", limits.MaxPages);
        string? next = url;
        while (next is not null)
        {
            if (!seen.Add(next)) throw new InvalidOperationException($"Zendesk returned the page link of {listName} twice: stopped instead of looping.");
            using var response = await http.GetAsync(next, ct);
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"Zendesk {listName} answered HTTP {(int)response.StatusCode} {response.ReasonPhrase} after retries.", null, response.StatusCode);
            }

            var body = await response.Content.ReadAsStringAsync(ct);
            using var page = JsonPage.TryParse(body, out _);
            if (page is null || !page.RootElement.TryGetProperty(listName, out var records) || records.ValueKind != JsonValueKind.Array)
            {
                // Without a readable page there is no next link either: the stream fails and its cursor stays.
                throw new InvalidOperationException(body.Length == 0
                    ? $"Zendesk returned an empty response for {listName}."
                    : $"Zendesk returned a page of {listName} that is not valid JSON or has no '{listName}' list.");
            }

            var (following, cursor) = paging(page.RootElement);
            foreach (var record in records.EnumerateArray())
            {
                yield return new SourceRecord(record, cursor ?? Watermark.Of(record, "updated_at", "created_at"));
            }

            if (following is not null) budget.Next(records.GetArrayLength());
            next = following;
        }
    }
}
