using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using Warehouse.Etl.Landing;

namespace Warehouse.Etl.Sources.Shopify;

/// <summary>
/// Reads Shopify Admin REST list endpoints page by page: 250 records a page, incremental by
/// <c>updated_at_min</c>, following the Link header's <c>page_info</c> cursor until there is no next page.
/// </summary>
internal sealed partial class ShopifyApi(HttpClient http, Http.HttpSettings limits)
{
    public const string ApiVersion = "2024-10";
    public const int PageSize = 250;

    public async IAsyncEnumerable<SourceRecord> ListAsync(string resource, DateTime? updatedSince, string extraQuery, [EnumeratorCancellation] CancellationToken ct)
    {
        var query = $"limit={PageSize}{extraQuery}";
        if (updatedSince is { } since) query += "&updated_at_min=" + Uri.EscapeDataString(since.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
        string? url = $"admin/api/{ApiVersion}/{resource}.json?{query}";
        var pagesSeen = new HashSet<string>(StringComparer.Ordinal);
        var budget = new Http.PageBudget($"Shopify {resource}", limits.MaxPages);
        while (url is not null)
        {
            if (!pagesSeen.Add(url))
            {
                throw new InvalidOperationException($"Shopify returned the page link of {resource} twice ({PageInfo(url)}): stopped instead of looping.");
            }

            using var response = await http.GetAsync(url, ct);
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"Shopify {resource} answered HTTP {(int)response.StatusCode} {response.ReasonPhrase} after retries.", null, response.StatusCode);
            }

            var body = await response.Content.ReadAsStringAsync(ct);
            var next = NextLink(response);
            var page = JsonPage.TryParse(body, out var error);
            if (page is null)
            {
                // A page that cannot be read (truncated JSON, an HTML page with status 200) is kept in the quarantine and
                // ends the stream here, even when it carries a next link; the cursor stays where it was (customers and
                // checkouts are not listed in updated_at order) and the next run reads the stream again from it.
                yield return SourceRecord.UnreadablePage(body, body.Length == 0 ? $"empty response for a page of {resource}" : $"malformed JSON in a page of {resource}: {error}");
                yield break;
            }

            using (page)
            {
                if (!page.RootElement.TryGetProperty(resource, out var records) || records.ValueKind != JsonValueKind.Array)
                {
                    yield return SourceRecord.UnreadablePage(body, $"a page of {resource} has no '{resource}' list");
                    yield break;
                }

                foreach (var record in records.EnumerateArray())
                {
                    yield return new SourceRecord(record, Watermark.Of(record, "updated_at"));
                }

                if (next is not null) budget.Next(records.GetArrayLength());
            }

            url = next;
        }
    }

    /// <summary><c>GET {resource}/count.json?{query}</c>: <c>{"count": N}</c> (order#get-orders-count and the like).</summary>
    public async Task<long> CountAsync(string resource, string query, CancellationToken ct)
    {
        using var response = await http.GetAsync($"admin/api/{ApiVersion}/{resource}/count.json?{query}", ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"Shopify {resource}/count answered HTTP {(int)response.StatusCode} {response.ReasonPhrase} after retries.", null, response.StatusCode);
        }

        var body = await response.Content.ReadAsStringAsync(ct);
        using var page = JsonPage.TryParse(body, out var error) ?? throw new InvalidOperationException($"Shopify {resource}/count answered what is not JSON ({error})");
        return page.RootElement.TryGetProperty("count", out var count) && count.ValueKind == JsonValueKind.Number
            ? count.GetInt64()
            : throw new InvalidOperationException($"Shopify {resource}/count answered no count");
    }

    private static string? NextLink(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Link", out var values)) return null;
        foreach (var value in values)
        {
            var match = NextLinkPattern().Match(value);
            if (match.Success) return match.Groups[1].Value;
        }

        return null;
    }

    private static string PageInfo(string url) => PageInfoPattern().Match(url) is { Success: true } m ? m.Value : url;

    [GeneratedRegex("<([^>]+)>;\\s*rel=\"?next\"?")]
    private static partial Regex NextLinkPattern();

    [GeneratedRegex("page_info=[^&]+")]
    private static partial Regex PageInfoPattern();
}
