using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsvHelper;
using CsvHelper.Configuration;
using Warehouse.Etl.Landing;

namespace Warehouse.Etl.Sources.Salesforce;

/// <summary>
/// Reads the Salesforce REST API (developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest): an object's fields
/// by <c>sobjects/{object}/describe</c>, records by SOQL through <c>queryAll</c> (deleted records included, with
/// IsDeleted = true) paged by <c>nextRecordsUrl</c>, and a first load of a large object through Bulk API 2.0 query jobs
/// (api_asynch). Every answer's <c>Sforce-Limit-Info</c> is read; near the daily limit the run stops before it.
/// </summary>
internal sealed class SalesforceApi(HttpClient http, Http.HttpSettings limits, double apiReserve, TimeSpan slowDown)
{
    private bool slowing;

    /// <summary>The REST API version every request names (Winter '25).</summary>
    public const string Version = "v62.0";

    private const string Root = "services/data/" + Version + "/";

    /// <summary>"Get Results for a Query Job": the records asked for per results page.</summary>
    public const int BulkPageSize = 50_000;

    /// <summary>The last <c>api-usage=used/max</c> read, for the run's log.</summary>
    public (long Used, long Max)? Usage { get; private set; }

    /// <summary>An object's fields and their SOAP types ("describe": fields[].name, fields[].type); null when the org has no such object.</summary>
    public async Task<IReadOnlyDictionary<string, string>?> DescribeAsync(string objectName, CancellationToken ct)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, $"{Root}sobjects/{objectName}/describe"), objectName, ct, allowNotFound: true);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        using var json = await ParseAsync(response, objectName + " describe", ct);
        if (!json.RootElement.TryGetProperty("fields", out var fields) || fields.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidOperationException($"Salesforce returned a describe of {objectName} without a fields list.");
        }

        return fields.EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!, f => f.OptionalString("type", 40) ?? "string", StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The number of records a SOQL <c>SELECT COUNT() FROM …</c> matches (its totalSize): through queryAll, deleted records
    /// in the recycle bin included, or through query, which leaves them out.
    /// </summary>
    public async Task<long> CountAsync(string soql, string objectName, CancellationToken ct, bool includeDeleted = true)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, $"{Root}{(includeDeleted ? "queryAll" : "query")}?q={Uri.EscapeDataString(soql)}"), objectName, ct);
        using var json = await ParseAsync(response, objectName, ct);
        return json.RootElement.TryGetProperty("totalSize", out var total) && total.TryGetInt64(out var n) ? n : throw new InvalidOperationException($"Salesforce answered the count of {objectName} without totalSize.");
    }

    /// <summary>
    /// The records of a query, deleted ones included ("QueryAll"), following each answer's <c>nextRecordsUrl</c> until
    /// <c>done</c>; a locator met twice stops the stream instead of looping.
    /// </summary>
    public async IAsyncEnumerable<SourceRecord> QueryAllAsync(string soql, string objectName, [EnumeratorCancellation] CancellationToken ct)
    {
        var budget = new Http.PageBudget("Salesforce " + objectName, limits.MaxPages);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var next = $"{Root}queryAll?q={Uri.EscapeDataString(soql)}";
        while (true)
        {
            using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, next), objectName, ct);
            using var page = await ParseAsync(response, objectName, ct);
            if (!page.RootElement.TryGetProperty("records", out var records) || records.ValueKind != JsonValueKind.Array)
            {
                throw new InvalidOperationException($"Salesforce returned a page of {objectName} without a records list.");
            }

            foreach (var record in records.EnumerateArray()) yield return new SourceRecord(record.Clone(), Watermark.Of(record, "SystemModstamp"));
            if (page.RootElement.OptionalBool("done") != false) yield break;
            next = page.RootElement.OptionalString("nextRecordsUrl", 2000)?.TrimStart('/')
                   ?? throw new InvalidOperationException($"Salesforce answered a page of {objectName} with done = false and no nextRecordsUrl.");
            if (!seen.Add(next)) throw new InvalidOperationException($"Salesforce returned the nextRecordsUrl of {objectName} twice: stopped instead of looping.");
            budget.Next(records.GetArrayLength());
        }
    }

    /// <summary>
    /// A query through a Bulk API 2.0 job ("Create a Query Job" with operation queryAll, "Get Information About a Query
    /// Job" polled until JobComplete, "Get Results for a Query Job" page by page after each <c>Sforce-Locator</c> until it
    /// is "null"). The CSV rows become JSON records typed by the describe, so they map as the REST records do. A job that
    /// ends Failed or Aborted fails the stream with its error message.
    /// </summary>
    public async IAsyncEnumerable<SourceRecord> BulkQueryAsync(string soql, string objectName, IReadOnlyDictionary<string, string> types, [EnumeratorCancellation] CancellationToken ct)
    {
        var create = new HttpRequestMessage(HttpMethod.Post, $"{Root}jobs/query") { Content = JsonContent.Create(new { operation = "queryAll", query = soql }) };
        string id;
        using (var created = await SendAsync(create, objectName, ct))
        using (var job = await ParseAsync(created, objectName + " bulk job", ct))
        {
            id = job.RootElement.OptionalString("id", 40) ?? throw new InvalidOperationException($"Salesforce created a bulk query job of {objectName} without an id.");
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var poll = 0; ; poll++)
        {
            using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, $"{Root}jobs/query/{Uri.EscapeDataString(id)}"), objectName, ct);
            using var job = await ParseAsync(response, objectName + " bulk job", ct);
            var state = job.RootElement.OptionalString("state", 40);
            if (state == "JobComplete") break;
            if (state is "Failed" or "Aborted")
            {
                var reason = job.RootElement.OptionalString("errorMessage", 500);
                throw new InvalidOperationException($"Salesforce bulk query job {id} of {objectName} ended {state}{(reason is null ? "" : $" ({reason})")}: nothing of {objectName} was loaded and its cursor stays.");
            }

            if (clock.Elapsed > limits.BulkTimeout)
            {
                throw new InvalidOperationException($"Salesforce bulk query job {id} of {objectName} is still {state} after {limits.BulkTimeout} (Http:BulkTimeout): stopped waiting.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5000, 100 * Math.Pow(1.5, poll))), ct);
        }

        var budget = new Http.PageBudget("Salesforce bulk " + objectName, limits.MaxPages);
        string? locator = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var path = $"{Root}jobs/query/{Uri.EscapeDataString(id)}/results?maxRecords={BulkPageSize}" + (locator is null ? "" : "&locator=" + Uri.EscapeDataString(locator));
            using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, path), objectName, ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            var rows = 0;
            foreach (var record in CsvRecords(text, types))
            {
                rows++;
                yield return record;
            }

            locator = response.Headers.TryGetValues("Sforce-Locator", out var values) ? values.FirstOrDefault() : null;
            if (locator is null or "null" or "") yield break;
            if (!seen.Add(locator)) throw new InvalidOperationException($"Salesforce returned the results locator of {objectName} twice: stopped instead of looping.");
            budget.Next(rows);
        }
    }

    /// <summary>
    /// Bulk API 2.0 results ("Get Results for a Query Job"): CSV with a header row of field names, an empty value for
    /// null, "true"/"false" for booleans, ISO 8601 times; numbers become JSON numbers where the describe says so.
    /// </summary>
    private static IEnumerable<SourceRecord> CsvRecords(string text, IReadOnlyDictionary<string, string> types)
    {
        using var reader = new StringReader(text);
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { BadDataFound = null, MissingFieldFound = null });
        if (!csv.Read() || !csv.ReadHeader()) yield break;
        var header = csv.HeaderRecord ?? [];
        while (csv.Read())
        {
            var record = new JsonObject();
            for (var i = 0; i < header.Length; i++)
            {
                var value = csv.GetField(i);
                record[header[i]] = string.IsNullOrEmpty(value) ? null : (types.GetValueOrDefault(header[i]) ?? "string") switch
                {
                    "boolean" => JsonValue.Create(value.Equals("true", StringComparison.OrdinalIgnoreCase)),
                    "double" or "currency" or "int" or "percent" or "long" when decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) => JsonValue.Create(number),
                    _ => JsonValue.Create(value),
                };
            }

            var element = JsonSerializer.SerializeToElement(record);
            yield return new SourceRecord(element, Watermark.Of(element, "SystemModstamp"));
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, string objectName, CancellationToken ct, bool allowNotFound = false)
    {
        using (request)
        {
            CheckReserve(objectName);
            await SlowDownAsync(ct);
            request.Headers.Accept.ParseAdd("application/json");
            var response = await http.SendAsync(request, ct);
            ReadUsage(response);
            if (response.IsSuccessStatusCode || (allowNotFound && response.StatusCode == HttpStatusCode.NotFound)) return response;
            using (response)
            {
                var body = await response.Content.ReadAsStringAsync(ct);
                var code = ErrorCode(body);
                throw code switch
                {
                    "INVALID_SESSION_ID" => new HttpRequestException("Salesforce answered 401 INVALID_SESSION_ID: the access token in Sources:Salesforce:Token is missing, expired or revoked (it needs the api and refresh_token scopes).", null, response.StatusCode),
                    "REQUEST_LIMIT_EXCEEDED" => new InvalidOperationException($"Salesforce answered 403 REQUEST_LIMIT_EXCEEDED: the org's daily API requests are used up{UsageText}; nothing more was read and the next run goes on from the cursor."),
                    _ => new HttpRequestException($"Salesforce {objectName} answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}{(code is null ? "" : $" {code}")} after retries.", null, response.StatusCode),
                };
            }
        }
    }

    /// <summary>
    /// "Limit Info Header": <c>Sforce-Limit-Info: api-usage=10018/100000</c> on every REST answer. Past the reserve
    /// (Sources:Salesforce:ApiReserve, the share of the daily limit left to the org's other integrations) the run stops
    /// before the next request rather than use up what the org's own users need.
    /// </summary>
    private void ReadUsage(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Sforce-Limit-Info", out var values)) return;
        foreach (var part in string.Join(",", values).Split(',', StringSplitOptions.TrimEntries))
        {
            if (!part.StartsWith("api-usage=", StringComparison.Ordinal)) continue;
            var numbers = part["api-usage=".Length..].Split('/');
            if (numbers.Length == 2 && long.TryParse(numbers[0], NumberStyles.None, CultureInfo.InvariantCulture, out var used) && long.TryParse(numbers[1], NumberStyles.None, CultureInfo.InvariantCulture, out var max) && max > 0)
            {
                Usage = (used, max);
            }
        }
    }

    /// <summary>Throws when the last answer put the org's API usage past the reserve, before another request is made.</summary>
    public void CheckReserve(string objectName)
    {
        if (Usage is { } usage && usage.Used > usage.Max * (1 - apiReserve))
        {
            throw new InvalidOperationException($"Salesforce API usage is {usage.Used} of the org's {usage.Max} daily requests, past the {apiReserve:P0} kept for the org's other integrations (Sources:Salesforce:ApiReserve): {objectName} and the objects after it were not read; the next run goes on from the cursor.");
        }
    }

    /// <summary>
    /// Near the reserve (usage past 1 − 2 × ApiReserve of the daily limit) each request waits ApiSlowDown first, so a run
    /// that meets the org's other integrations there takes the rest of the day's allowance slowly instead of at once.
    /// </summary>
    private async Task SlowDownAsync(CancellationToken ct)
    {
        if (Usage is not { } usage || usage.Used <= usage.Max * (1 - 2 * apiReserve) || slowDown <= TimeSpan.Zero) return;
        if (!slowing)
        {
            slowing = true;
            Serilog.Log.Warning("Salesforce API usage is {Used} of the org's {Max} daily requests, near the reserve (Sources:Salesforce:ApiReserve): each request now waits {Wait}", usage.Used, usage.Max, slowDown);
        }

        await Task.Delay(slowDown, ct);
    }

    private string UsageText => Usage is { } usage ? $" ({usage.Used}/{usage.Max})" : "";

    /// <summary>REST errors are a list: <c>[{"message": "...", "errorCode": "INVALID_SESSION_ID"}]</c> ("Status Codes and Error Responses").</summary>
    private static string? ErrorCode(string body)
    {
        using var json = JsonPage.TryParse(body, out _);
        if (json is null) return null;
        var root = json.RootElement;
        var first = root.ValueKind == JsonValueKind.Array && root.GetArrayLength() > 0 ? root[0] : root;
        return first.ValueKind == JsonValueKind.Object ? first.OptionalString("errorCode", 100) : null;
    }

    private static async Task<JsonDocument> ParseAsync(HttpResponseMessage response, string what, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        return JsonPage.TryParse(text, out _) ?? throw new InvalidOperationException(text.Length == 0
            ? $"Salesforce returned an empty response for {what}."
            : $"Salesforce returned a response for {what} that is not valid JSON.");
    }
}
