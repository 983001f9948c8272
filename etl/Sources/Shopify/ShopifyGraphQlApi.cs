using System.Globalization;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Warehouse.Etl.Landing;

namespace Warehouse.Etl.Sources.Shopify;

/// <summary>
/// Reads Shopify through the GraphQL Admin API. A run reads changes since the cursor with paged queries, unless it is
/// the first load or the change is larger than <c>BulkThreshold</c>: then a bulk operation reads them. It paces itself
/// by the cost each answer reports, and waits out a THROTTLED answer (shopify.dev/docs/api/usage/limits).
/// </summary>
internal sealed class ShopifyGraphQlApi(HttpClient http, HttpClient download, int bulkThreshold, Http.HttpSettings limits)
{
    public const string ApiVersion = "2026-07";

    private const int MaxQueryCost = 1000;
    private const int MaxThrottledRetries = 30;
    private const string Endpoint = $"admin/api/{ApiVersion}/graphql.json";

    // The requests besides a stream's own queries (ShopifyGraphQlQuery); the contract test validates each against Shopify's schema.
    internal const string RunBulkMutation =
        "mutation Run($query: String!) { bulkOperationRunQuery(query: $query, groupObjects: true) { bulkOperation { id status } userErrors { field message code } } }";

    internal const string CurrentBulkQuery = "{ currentBulkOperation(type: QUERY) { id status query } }";

    internal const string PollQuery = "query Poll($id: ID!) { bulkOperation(id: $id) { id status errorCode objectCount url partialDataUrl } }";

    internal static string CountQuery(ShopifyGraphQlQuery query, int limit) => $"query Count($query: String) {{ {query.CountField}(query: $query, limit: {limit}) {{ count }} }}";

    private double currentlyAvailable = double.NaN;
    private double maximumAvailable = MaxQueryCost;
    private double restoreRate = 50;
    private DateTime statusSeenAt = DateTime.UtcNow;

    /// <summary>The records changed since <paramref name="since"/> (all of them on a first load), each node as one record.</summary>
    public async IAsyncEnumerable<SourceRecord> ReadAsync(ShopifyGraphQlQuery query, DateTime? since, [EnumeratorCancellation] CancellationToken ct)
    {
        var search = since is { } at ? $"updated_at:>='{at.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}'" : null;
        var bulk = search is null || await CountAsync(query, search, ct) > bulkThreshold;
        var records = bulk ? BulkAsync(query, search, ct) : PagedAsync(query, search, ct);
        await foreach (var record in records) yield return record;
    }

    /// <summary>
    /// A count query of the root (<c>ordersCount</c>, <c>customersCount</c>, <c>productsCount</c>) with no limit
    /// (<c>limit: null</c>, "Uncapped counts in GraphQL", 2025-07) and the precision it answers: <c>AT_LEAST</c> when the
    /// shop capped it after all (enums/CountPrecision).
    /// </summary>
    public async Task<Reconciliation.SourceCount> CountAsync(string countField, string? search, CancellationToken ct)
    {
        using var answer = await QueryAsync($"query Count($query: String) {{ {countField}(query: $query, limit: null) {{ count precision }} }}", new { query = search }, 1, ct);
        var count = answer.RootElement.GetProperty("data").GetProperty(countField);
        var precision = count.GetProperty("precision").GetString() == "EXACT" ? Reconciliation.CountPrecision.Exact : Reconciliation.CountPrecision.AtLeast;
        return new Reconciliation.SourceCount(count.GetProperty("count").GetInt64(), precision);
    }

    private async Task<long> CountAsync(ShopifyGraphQlQuery query, string search, CancellationToken ct)
    {
        using var answer = await QueryAsync(CountQuery(query, bulkThreshold + 1), new { query = search }, 1, ct);
        return answer.RootElement.GetProperty("data").GetProperty(query.CountField).GetProperty("count").GetInt64();
    }

    /// <summary>
    /// Paged reading, sized so that each page's requested cost fits the single-query limit and the bucket. A node whose
    /// nested connection has more than one page (an order of many lines) is left out here and read whole by a bulk
    /// operation at the end, so no record is landed in part.
    /// </summary>
    private async IAsyncEnumerable<SourceRecord> PagedAsync(ShopifyGraphQlQuery query, string? search, [EnumeratorCancellation] CancellationToken ct)
    {
        var text = query.Paged();
        // Sized by the query's own cost first; each answer's requested cost then sizes the next page.
        double perNode = query.NodeCost;
        var first = PageSize(perNode);
        string? after = null;
        var deferred = new List<string>();
        var budget = new Http.PageBudget($"Shopify GraphQL {query.Root}", limits.MaxPages);
        while (true)
        {
            var estimate = (int)Math.Ceiling(2 + first * perNode);
            var (document, raw, problem) = await TryQueryAsync(text, new { first, after, query = search }, estimate, ct);
            if (document is null)
            {
                // An answer that cannot be read ends the stream here, and the stream's cursor stays where it was.
                yield return SourceRecord.UnreadablePage(raw, problem!);
                yield break;
            }

            bool more;
            int nodes;
            using (document)
            {
                var connection = document.RootElement.GetProperty("data").GetProperty(query.Root);
                nodes = connection.GetProperty("nodes").GetArrayLength();
                foreach (var node in connection.GetProperty("nodes").EnumerateArray())
                {
                    if (HasMorePages(node)) deferred.Add(NumericId(node.GetProperty("id").GetString()!));
                    else yield return new SourceRecord(node, Watermark.Of(node, "updatedAt"));
                }

                ShopifyGraphQlMetrics.PageCount.Add(1, new KeyValuePair<string, object?>("root", query.Root));
                var pageInfo = connection.GetProperty("pageInfo");
                more = pageInfo.GetProperty("hasNextPage").GetBoolean();
                after = more ? pageInfo.GetProperty("endCursor").GetString() : null;
                var requested = document.RootElement.GetProperty("extensions").GetProperty("cost").GetProperty("requestedQueryCost").GetDouble();
                perNode = Math.Max(1, (requested - 2) / first);
            }

            if (!more) break;
            budget.Next(nodes);
            first = PageSize(perNode);
        }

        // Shopify's search syntax takes id terms joined by OR (shopify.dev/docs/api/usage/search-syntax).
        foreach (var chunk in deferred.Chunk(50))
        {
            await foreach (var record in BulkAsync(query, string.Join(" OR ", chunk.Select(id => "id:" + id)), ct)) yield return record;
        }
    }

    // As many nodes as fit the single-query limit and the bucket, 1 to 250.
    private int PageSize(double perNode) => (int)Math.Clamp(Math.Floor((Math.Min(MaxQueryCost, maximumAvailable) - 2) / perNode), 1, 250);

    private static bool HasMorePages(JsonElement node)
    {
        foreach (var property in node.EnumerateObject())
        {
            var value = property.Value;
            if (value.ValueKind == JsonValueKind.Object)
            {
                if (value.TryGetProperty("pageInfo", out var info) && info.TryGetProperty("hasNextPage", out var next) && next.GetBoolean()) return true;
                if (HasMorePages(value)) return true;
            }
            else if (value.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in value.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.Object && HasMorePages(item)) return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// A bulk operation: waits for one already running for the shop (one runs at a time), starts its own, polls until it
    /// ends, and streams the JSON lines of its result. FAILED, CANCELED and EXPIRED end the read with an error, so the
    /// landing keeps nothing and the cursor stays.
    /// </summary>
    private async IAsyncEnumerable<SourceRecord> BulkAsync(ShopifyGraphQlQuery query, string? search, [EnumeratorCancellation] CancellationToken ct)
    {
        var operation = await StartBulkAsync(query.Bulk(search), ct);
        var finished = await WaitForBulkAsync(operation, ct);
        var status = finished.GetProperty("status").GetString();
        if (status != "COMPLETED")
        {
            var code = finished.TryGetProperty("errorCode", out var e) && e.ValueKind == JsonValueKind.String ? $" ({e.GetString()})" : "";
            throw new InvalidOperationException($"Shopify bulk operation {operation} for {query.Root} ended {status}{code}: nothing of it was landed and the cursor stays where it was; the next run starts a new one.");
        }

        var tag = new KeyValuePair<string, object?>("root", query.Root);
        ShopifyGraphQlMetrics.BulkOperationCount.Add(1, tag);
        if (!finished.TryGetProperty("url", out var url) || url.ValueKind != JsonValueKind.String) yield break; // a result with no object has no file

        // The result lives on a storage host: fetched by a client that carries no Shopify token, over https only
        // (or the shop's own scheme and host, as a loopback simulator serves it).
        var result = new Uri(url.GetString()!);
        if (result.Scheme != Uri.UriSchemeHttps && Uri.Compare(result, http.BaseAddress, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) != 0)
        {
            throw new InvalidOperationException($"Shopify bulk operation {operation} gave a result URL that is not https ({result.Scheme}://{result.Authority}): not fetched.");
        }

        using var idle = CancellationTokenSource.CreateLinkedTokenSource(ct);
        idle.CancelAfter(limits.AttemptTimeout);
        using var response = await download.GetAsync(result, HttpCompletionOption.ResponseHeadersRead, idle.Token);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"Shopify bulk operation {operation} result answered HTTP {(int)response.StatusCode} (an expired result URL answers so): nothing was landed; the next run starts a new operation.", null, response.StatusCode);
        }

        if (response.Content.Headers.ContentLength is { } length) ShopifyGraphQlMetrics.BulkByteCount.Add(length, tag);
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        using var reader = new StreamReader(stream);
        // Each line must arrive within the attempt timeout: a result that stops dripping fails the run instead of hanging it.
        var joined = ShopifyBulkResult.JoinAsync(reader, query, () => { idle.CancelAfter(limits.AttemptTimeout); return idle.Token; });
        // While list children are read the download waits: its line timer stops until the next line is asked for.
        var records = query.ListChildren.Any() ? WithListChildrenAsync(joined, query, () => idle.CancelAfter(Timeout.InfiniteTimeSpan), ct) : joined;
        await foreach (var record in records)
        {
            ShopifyGraphQlMetrics.BulkRecordCount.Add(1, tag);
            yield return record;
        }
    }

    /// <summary>
    /// Bulk records with the connections of their list objects filled in (an order's refunds' refund lines), which a bulk
    /// query cannot select (<see cref="ShopifyGraphQlQuery.Bulk"/>). Records whose lists are empty pass at once; the others
    /// are held in small batches while their list objects are read by id, so memory stays bounded by a batch.
    /// </summary>
    private async IAsyncEnumerable<SourceRecord> WithListChildrenAsync(IAsyncEnumerable<SourceRecord> records, ShopifyGraphQlQuery query, Action pause,
        [EnumeratorCancellation] CancellationToken ct)
    {
        var children = query.ListChildren.ToList();
        var held = new List<JsonObject>();
        var heldIds = 0;
        await foreach (var record in records)
        {
            var ids = record.IsMalformed ? 0 : children.Select(c => c.Under!).Distinct().Sum(under => record.Json.Array(under).Count());
            if (ids == 0)
            {
                yield return record;
                continue;
            }

            held.Add(JsonNode.Parse(record.Json.GetRawText())!.AsObject());
            heldIds += ids;
            if (heldIds < 250) continue;
            pause();
            foreach (var filled in await FillListChildrenAsync(held, children, ct)) yield return filled;
            held.Clear();
            heldIds = 0;
        }

        if (held.Count > 0)
        {
            foreach (var filled in await FillListChildrenAsync(held, children, ct)) yield return filled;
        }
    }

    private async Task<List<SourceRecord>> FillListChildrenAsync(List<JsonObject> held, List<ShopifyGraphQlQuery.Child> children, CancellationToken ct)
    {
        var missing = new Dictionary<JsonObject, string>();
        foreach (var child in children)
        {
            var items = held.SelectMany(r => (r[child.Under!] as JsonArray ?? []).OfType<JsonObject>().Select(item => (Record: r, Item: item))).ToList();
            var byId = new Dictionary<string, JsonArray>(StringComparer.Ordinal);
            var perQuery = (int)Math.Clamp(Math.Floor((Math.Min(MaxQueryCost, maximumAvailable) - 2) / ShopifyGraphQlQuery.ListChildCost(child)), 1, 250);
            foreach (var chunk in items.Select(i => i.Item["id"]?.GetValue<string>()).OfType<string>().Distinct().Chunk(perQuery))
            {
                using var answer = await QueryAsync(ShopifyGraphQlQuery.ListChildNodes(child), new { ids = chunk }, 2 + chunk.Length * ShopifyGraphQlQuery.ListChildCost(child), ct);
                foreach (var node in answer.RootElement.GetProperty("data").GetProperty("nodes").EnumerateArray())
                {
                    if (node.ValueKind != JsonValueKind.Object) continue; // an id that no longer resolves: its record is quarantined below
                    var id = node.GetProperty("id").GetString()!;
                    var connection = node.GetProperty(child.Name);
                    var nodes = (JsonArray)JsonNode.Parse(connection.GetProperty("nodes").GetRawText())!;
                    var info = connection.GetProperty("pageInfo");
                    var after = info.GetProperty("hasNextPage").GetBoolean() ? info.GetProperty("endCursor").GetString() : null;
                    while (after is not null)
                    {
                        using var more = await QueryAsync(ShopifyGraphQlQuery.ListChildMore(child), new { id, after },
                            3 + ShopifyGraphQlQuery.ListChildMorePage * (ShopifyGraphQlQuery.ListChildCost(child) - 3) / ShopifyGraphQlQuery.ListChildPage, ct);
                        var page = more.RootElement.GetProperty("data").GetProperty("node").GetProperty(child.Name);
                        foreach (var item in page.GetProperty("nodes").EnumerateArray()) nodes.Add(JsonNode.Parse(item.GetRawText()));
                        var next = page.GetProperty("pageInfo");
                        after = next.GetProperty("hasNextPage").GetBoolean() ? next.GetProperty("endCursor").GetString() : null;
                    }

                    byId[id] = nodes;
                }
            }

            foreach (var (record, item) in items)
            {
                var id = item["id"]?.GetValue<string>() ?? "";
                if (byId.TryGetValue(id, out var nodes)) item[child.Name] = new JsonObject { ["nodes"] = nodes.DeepClone() };
                else missing.TryAdd(record, $"{child.UnderType} {id} of this record did not resolve when its {child.Name} were read after the bulk operation");
            }
        }

        return held.Select(r =>
        {
            var json = JsonSerializer.SerializeToElement(r);
            return missing.TryGetValue(r, out var reason) ? SourceRecord.Unparsable(r.ToJsonString(), reason) : new SourceRecord(json, Watermark.Of(json, "updatedAt"));
        }).ToList();
    }

    /// <summary>
    /// Starts the bulk query, unless the app's most recent bulk operation is this same query still running (another
    /// process, or a run that stopped while waiting): then that one is waited for and read, not run twice. Up to five
    /// run at once per shop from 2026-01 (shopify.dev/docs/api/usage/bulk-operations/queries); when the shop refuses
    /// another, the run waits for the current one and asks again. <c>groupObjects: true</c> keeps each record's
    /// children after it, which the streaming join needs (the default is false from 2026-01, mutations/bulkOperationRunQuery).
    /// </summary>
    private async Task<string> StartBulkAsync(string bulkQuery, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var current = await CurrentBulkAsync(ct);
            if (current is { } running && running.Running && Same(running.Query, bulkQuery)) return running.Id;
            using var answer = await QueryAsync(
                RunBulkMutation, new { query = bulkQuery }, 10, ct);
            var run = answer.RootElement.GetProperty("data").GetProperty("bulkOperationRunQuery");
            var errors = run.GetProperty("userErrors");
            if (errors.GetArrayLength() == 0) return run.GetProperty("bulkOperation").GetProperty("id").GetString()!;
            var message = errors[0].GetProperty("message").GetString();
            if (current is { Running: true } busy && attempt < 20)
            {
                await WaitForBulkAsync(busy.Id, ct);
                continue;
            }

            throw new InvalidOperationException($"Shopify refused the bulk query: {message}");
        }
    }

    private async Task<(string Id, bool Running, string? Query)?> CurrentBulkAsync(CancellationToken ct)
    {
        using var answer = await QueryAsync(CurrentBulkQuery, new { }, 1, ct);
        var current = answer.RootElement.GetProperty("data").GetProperty("currentBulkOperation");
        if (current.ValueKind == JsonValueKind.Null) return null;
        var status = current.GetProperty("status").GetString();
        return (current.GetProperty("id").GetString()!, status is "CREATED" or "RUNNING", current.TryGetProperty("query", out var q) ? q.GetString() : null);
    }

    private static bool Same(string? a, string b) =>
        a is not null && string.Join(' ', a.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)) == string.Join(' ', b.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private async Task<JsonElement> WaitForBulkAsync(string id, CancellationToken ct)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var poll = 0; ; poll++)
        {
            using var answer = await QueryAsync(PollQuery, new { id }, 1, ct);
            var operation = answer.RootElement.GetProperty("data").GetProperty("bulkOperation");
            var status = operation.GetProperty("status").GetString();
            if (status is not ("CREATED" or "RUNNING" or "CANCELING")) return operation.Clone();
            if (clock.Elapsed > limits.BulkTimeout)
            {
                throw new InvalidOperationException($"Shopify bulk operation {id} is still {status} after {limits.BulkTimeout} (Http:BulkTimeout): stopped waiting. " +
                                                    "Nothing of it was landed; the next run waits for it again if it is the same query.");
            }

            await Task.Delay(PollDelay(poll), ct);
        }
    }

    // From a tenth of a second up to five seconds between polls.
    private static TimeSpan PollDelay(int poll) => TimeSpan.FromMilliseconds(Math.Min(5000, 100 * Math.Pow(1.5, poll)));

    private async Task<JsonDocument> QueryAsync(string query, object variables, int estimate, CancellationToken ct)
    {
        var (document, _, problem) = await TryQueryAsync(query, variables, estimate, ct);
        return document ?? throw new InvalidOperationException(problem);
    }

    /// <summary>
    /// One GraphQL request, paced so that its estimated cost is in the bucket, and retried after a THROTTLED answer once
    /// the bucket holds the requested cost: (requested − available) / restoreRate seconds (limits#rate-limits).
    /// </summary>
    private async Task<(JsonDocument? Document, string Raw, string? Problem)> TryQueryAsync(string query, object variables, int estimate, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            await Task.Delay(WaitFor(estimate), ct);
            using var response = await http.PostAsJsonAsync(Endpoint, new { query, variables }, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"Shopify GraphQL answered HTTP {(int)response.StatusCode} {response.ReasonPhrase} after retries.", null, response.StatusCode);
            }

            var document = JsonPage.TryParse(body, out var error);
            if (document is null || document.RootElement.ValueKind != JsonValueKind.Object)
            {
                document?.Dispose();
                return (null, body, body.Length == 0 ? "empty response from Shopify GraphQL" : $"malformed JSON from Shopify GraphQL: {error}");
            }

            var root = document.RootElement;
            var requested = ReadCost(root);
            if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0)
            {
                var code = errors[0].TryGetProperty("extensions", out var ext) && ext.TryGetProperty("code", out var c) ? c.GetString() : null;
                var message = errors[0].TryGetProperty("message", out var m) ? m.GetString() : errors[0].GetRawText();
                document.Dispose();
                if (code == "THROTTLED" && attempt < MaxThrottledRetries)
                {
                    estimate = (int)Math.Ceiling(requested ?? estimate);
                    continue;
                }

                throw new InvalidOperationException($"Shopify GraphQL refused the query: {message}{(code is null ? "" : $" ({code})")}");
            }

            if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
            {
                document.Dispose();
                return (null, body, "an answer from Shopify GraphQL without data");
            }

            return (document, body, null);
        }
    }

    // Reads extensions.cost: the requested cost, and the bucket as it stands after this query.
    private double? ReadCost(JsonElement root)
    {
        if (!root.TryGetProperty("extensions", out var ext) || !ext.TryGetProperty("cost", out var cost)) return null;
        if (cost.TryGetProperty("throttleStatus", out var status))
        {
            maximumAvailable = status.GetProperty("maximumAvailable").GetDouble();
            currentlyAvailable = status.GetProperty("currentlyAvailable").GetDouble();
            restoreRate = status.GetProperty("restoreRate").GetDouble();
            statusSeenAt = DateTime.UtcNow;
            if (!double.IsFinite(restoreRate) || restoreRate <= 0 || !double.IsFinite(maximumAvailable) || maximumAvailable <= 0)
            {
                throw new InvalidOperationException(FormattableString.Invariant(
                    $"Shopify GraphQL reported a throttle status the run cannot wait on (restoreRate {restoreRate}, maximumAvailable {maximumAvailable}): stopped."));
            }
        }

        return cost.TryGetProperty("requestedQueryCost", out var requested) && requested.ValueKind == JsonValueKind.Number ? requested.GetDouble() : null;
    }

    // How long until the bucket holds the estimated cost, from the last throttle status seen.
    private TimeSpan WaitFor(int estimate)
    {
        if (double.IsNaN(currentlyAvailable) || estimate <= 0) return TimeSpan.Zero;
        var now = Math.Min(maximumAvailable, currentlyAvailable + (DateTime.UtcNow - statusSeenAt).TotalSeconds * restoreRate);
        var needed = Math.Min(estimate, maximumAvailable) - now;
        // One point more than needed: the bucket is reported in whole points.
        if (needed <= 0) return TimeSpan.Zero;
        var seconds = (needed + 1) / restoreRate;
        if (seconds > limits.MaxWait.TotalSeconds)
        {
            throw new InvalidOperationException(FormattableString.Invariant(
                $"Shopify GraphQL's bucket would take {seconds:0} s to hold this query's {estimate} points at {restoreRate} points a second, longer than Http:MaxWait ({limits.MaxWait}): stopped."));
        }

        return TimeSpan.FromSeconds(seconds);
    }

    /// <summary>The numeric id REST gives from a global id: gid://shopify/Order/123 → 123.</summary>
    public static string NumericId(string gid)
    {
        var tail = gid[(gid.LastIndexOf('/') + 1)..];
        var end = tail.IndexOf('?', StringComparison.Ordinal);
        if (end >= 0) tail = tail[..end];
        return tail.Length > 0 && tail.All(char.IsAsciiDigit) ? tail : throw new RecordRejectedException($"'{gid}' is not a Shopify global id");
    }
}
