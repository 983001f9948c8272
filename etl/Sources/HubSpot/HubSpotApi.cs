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
internal sealed class HubSpotApi(HttpClient http)
{
    public const int PageSize = 100;

    public IAsyncEnumerable<SourceRecord> ListAsync(string path, string query, CancellationToken ct) =>
        PagesAsync(after => http.GetAsync($"{path}?limit={PageSize}{query}{(after is null ? "" : "&after=" + Uri.EscapeDataString(after))}", ct), path, ct);

    /// <summary>Objects modified at or after <paramref name="since"/>, oldest first.</summary>
    public IAsyncEnumerable<SourceRecord> SearchAsync(string objectType, string modifiedProperty, DateTime? since, IReadOnlyList<string> properties, CancellationToken ct)
    {
        var from = since is null ? 0 : new DateTimeOffset(DateTime.SpecifyKind(since.Value, DateTimeKind.Utc)).ToUnixTimeMilliseconds();
        return PagesAsync(after => http.PostAsJsonAsync($"crm/v3/objects/{objectType}/search", new
        {
            filterGroups = new[] { new { filters = new[] { new { propertyName = modifiedProperty, @operator = "GTE", value = from.ToString(CultureInfo.InvariantCulture) } } } },
            sorts = new[] { new { propertyName = modifiedProperty, direction = "ASCENDING" } },
            properties,
            limit = PageSize,
            after,
        }, ct), objectType, ct);
    }

    private static async IAsyncEnumerable<SourceRecord> PagesAsync(Func<string?, Task<HttpResponseMessage>> request, string what, [EnumeratorCancellation] CancellationToken ct)
    {
        string? after = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        do
        {
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
                yield return new SourceRecord(record, Watermark.Of(record, "updatedAt"));
            }

            after = page.RootElement.Property("paging").Property("next").OptionalString("after", 2000);
            if (after is not null && !seen.Add(after)) throw new InvalidOperationException($"HubSpot returned the paging cursor of {what} twice: stopped instead of looping.");
        }
        while (after is not null);
    }
}
