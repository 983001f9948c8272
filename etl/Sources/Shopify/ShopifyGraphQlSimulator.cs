using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GraphQLParser;
using GraphQLParser.AST;
using Microsoft.AspNetCore.Http;
using Warehouse.Etl.Simulation;

namespace Warehouse.Etl.Sources.Shopify;

/// <summary>
/// The Shopify GraphQL Admin API on loopback (<c>POST /admin/api/{version}/graphql.json</c>), answering from the same shop
/// records as the REST lists. Each rule names the page it follows:
/// <list type="bullet">
/// <item>Cursor paging: <c>first</c> at most 250, <c>after</c>, <c>pageInfo { hasNextPage endCursor }</c>, <c>edges { cursor node }</c>
/// or <c>nodes</c> (shopify.dev/docs/api/usage/pagination-graphql).</item>
/// <item>Search syntax of <c>query</c>: <c>updated_at:&gt;='…'</c>, <c>created_at:&gt;='…'</c>, <c>created_at:&lt;'…'</c>,
/// <c>test:false</c> (ANDed when joined by a space) and <c>id:…</c> terms joined by <c>OR</c>
/// (shopify.dev/docs/api/usage/search-syntax); <c>sortKey: UPDATED_AT</c>.</item>
/// <item>Which records a list returns: <c>orders</c> every order, test orders included, with no status filter
/// (shopify.dev/docs/api/admin-graphql/2026-07/queries/orders); <c>abandonedCheckouts</c> "both abandoned and recovered
/// checkouts", never one an order completed at once (.../queries/abandonedCheckouts).</item>
/// <item>Query cost and throttling (shopify.dev/docs/api/usage/limits#graphql-admin-api-rate-limits): scalars and enums
/// cost 0, objects 1, connections 2 plus <c>first</c> times their node, mutations 10; a query over 1000 is refused
/// (<c>MAX_COST_EXCEEDED</c>); the app's bucket holds <see cref="MaximumAvailable"/> points and refills at
/// <see cref="RestoreRate"/> a second; a query costing more than the bucket holds answers HTTP 200 with a
/// <c>THROTTLED</c> error; every answer carries <c>extensions.cost</c> with <c>throttleStatus</c>.</item>
/// <item>Bulk operations (shopify.dev/docs/api/usage/bulk-operations/queries): <c>bulkOperationRunQuery</c> creates one
/// (CREATED → RUNNING → COMPLETED, or FAILED, CANCELED, EXPIRED: "the bulk operation URL has expired", enums/BulkOperationStatus);
/// up to five bulk queries run at once for an app and shop from 2026-01, a sixth answers a userError;
/// <c>currentBulkOperation</c> (the app's most recent one) and <c>bulkOperation(id:)</c> report it; its result is JSON lines
/// at <c>url</c>, nested connections flattened into lines of their own, each with <c>__parentId</c>, after their parent only
/// with <c>groupObjects: true</c> (mutations/bulkOperationRunQuery).</item>
/// </list>
/// </summary>
public sealed partial class ShopifyGraphQlSimulator(Dictionary<string, ApiRecordSet> records, Func<Uri> baseAddress)
{
    /// <summary>Shopify's published Admin API schema, when a test has loaded it: requests and answers are checked against it.</summary>
    public static IGraphQlContract? Contract { get; set; }

    /// <summary>Answers that broke <see cref="Contract"/> (each is also answered as a server error).</summary>
    public static System.Collections.Concurrent.ConcurrentQueue<string> ContractViolations { get; } = new();

    public const int MaxQueryCost = 1000;
    public const int MaxRunningBulkQueries = 5;

    private static readonly Dictionary<string, string> RootConnections = new(StringComparer.Ordinal)
    {
        ["orders"] = "orders", ["customers"] = "customers", ["products"] = "products", ["abandonedCheckouts"] = "checkouts",
    };

    /// <summary>The connection fields of the objects served (the contract test checks each against Shopify's schema).</summary>
    internal static readonly HashSet<string> Connections = ["orders", "customers", "products", "abandonedCheckouts", "lineItems", "refundLineItems", "variants"];

    /// <summary>The list-of-object fields of the objects served: <c>Order.refunds: [Refund!]!</c>, <c>LineItem.discountAllocations</c> (objects/Order, objects/LineItem).</summary>
    internal static readonly HashSet<string> ListFields = ["refunds", "discountAllocations"];

    private readonly Lock gate = new();
    private readonly List<BulkOperation> operations = [];
    private double available = double.NaN;
    private DateTime refilledAt = DateTime.UtcNow;

    /// <summary>
    /// The bucket's size in points. Restore rates are 100 points a second on Standard plans, 200 on Advanced, 1000 on
    /// Plus (shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits); the bucket holds 20 seconds of them, as the
    /// recorded answers show (4000 at 200). The simulator is a Plus shop unless a test sets another.
    /// </summary>
    public double MaximumAvailable { get; set; } = 20_000;

    /// <summary>
    /// A fault a test sets: what a list (paged or bulk) serves in place of a record (resource, record → records), while
    /// the counts still count the record as it is. Leaving a record out, listing it twice, or a neighbour in its place
    /// is what a service's paging bug looks like from outside; reconciliation has to find it.
    /// </summary>
    public Func<string, string, IEnumerable<string>>? ListFault { get; set; }

    internal IEnumerable<string> Served(string resource, string json) => ListFault?.Invoke(resource, json) ?? [json];

    /// <summary>Points restored a second.</summary>
    public double RestoreRate { get; set; } = 1000;

    /// <summary>Where result files are said to be, when not on the simulator's own address (a test names another host).</summary>
    public Uri? ResultAddress { get; set; }

    /// <summary>How long a bulk operation runs before it ends.</summary>
    public TimeSpan BulkRunTime { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How the next bulk operations end ("COMPLETED" when empty); a test queues FAILED, CANCELED or EXPIRED.</summary>
    public Queue<string> BulkOutcomes { get; } = new();

    /// <summary>Bulk operations run so far, in order, with the query each ran.</summary>
    public IReadOnlyList<(string Id, string Status, string Query)> BulkOperations
    {
        get { lock (gate) return operations.Select(o => (o.Id, o.Status, o.Query)).ToList(); }
    }

    /// <summary>Queries answered THROTTLED so far: the root field, its requested cost and the points the bucket held.</summary>
    public List<string> Throttled { get; } = [];

    /// <summary>The root connection of each page answered to a paged query ("orders"), in order.</summary>
    public List<string> Pages { get; } = [];

    /// <summary>Empties the bucket to <paramref name="points"/>, as other calls of the same app would.</summary>
    public void Drain(double points)
    {
        lock (gate)
        {
            Refill();
            available = Math.Min(available, points);
        }
    }

    /// <summary>
    /// Points the bucket is emptied to at the moment the next query is charged, as other calls of the same app would
    /// leave it; read once. Set here rather than by <see cref="Drain"/> before the request so that no refill between
    /// the two, on a slow machine, lets the query through.
    /// </summary>
    public double? DrainAtNextQuery { get; set; }

    /// <summary>Starts a bulk operation as another run of the same app would (another process, or a run that crashed).</summary>
    public string StartBulkOperation(string query, TimeSpan runTime) => Start(query, runTime, "COMPLETED", groupObjects: true).Id;

    public async Task HandleAsync(HttpContext context)
    {
        JsonObject answer;
        try
        {
            var body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) as JsonObject
                ?? throw new GraphQlError("the request body is not a JSON object", "BAD_REQUEST");
            var query = body["query"]?.GetValue<string>() ?? throw new GraphQlError("no query in the request", "BAD_REQUEST");
            var variables = body["variables"] as JsonObject ?? [];
            // Shopify validates a request against its schema first and answers its errors with status 200 (usage/response-codes).
            if (Contract?.RequestErrors(query, variables) is [_, ..] invalid)
            {
                answer = new JsonObject { ["errors"] = new JsonArray(invalid.Select(e => (JsonNode)Error(e.Message, e.Code)).ToArray()) };
            }
            else
            {
                answer = await ExecuteAsync(query, variables, context.RequestAborted);
                if (Contract is not null && answer["data"] is JsonObject data && Contract.AnswerErrors(query, variables, data) is [_, ..] wrong)
                {
                    // An answer that breaks the schema is the simulator's own fault: it is recorded for the tests and fails the request.
                    foreach (var problem in wrong) ContractViolations.Enqueue(problem);
                    context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                    answer = new JsonObject { ["errors"] = new JsonArray(Error("the simulator's answer breaks the schema: " + string.Join("; ", wrong), "INTERNAL_SERVER_ERROR")) };
                }
            }
        }
        catch (GraphQlError e)
        {
            answer = new JsonObject { ["errors"] = new JsonArray(Error(e.Message, e.Code)) };
        }
        catch (GraphQLParser.Exceptions.GraphQLSyntaxErrorException e)
        {
            answer = new JsonObject { ["errors"] = new JsonArray(Error(e.Message, "PARSE_ERROR")) };
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(answer.ToJsonString(), context.RequestAborted);
    }

    /// <summary>The bulk result file of an operation (the real one is a signed storage URL on another host).</summary>
    public async Task ServeResultAsync(string id, HttpContext context)
    {
        BulkOperation? operation;
        lock (gate) operation = operations.FirstOrDefault(o => o.Number.ToString(CultureInfo.InvariantCulture) == id && o.Status == "COMPLETED");
        if (operation?.File is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        context.Response.ContentType = "application/jsonl";
        context.Response.ContentLength = new FileInfo(operation.File).Length;
        await context.Response.SendFileAsync(operation.File, context.RequestAborted);
    }

    private async Task<JsonObject> ExecuteAsync(string text, JsonObject variables, CancellationToken ct)
    {
        var document = Parser.Parse(text);
        var operation = document.Definitions.OfType<GraphQLOperationDefinition>().FirstOrDefault() ?? throw new GraphQlError("no operation in the document", "PARSE_ERROR");
        var fields = operation.SelectionSet.Selections.OfType<GraphQLField>().ToList();
        var isMutation = operation.Operation == OperationType.Mutation;
        var requested = isMutation ? 10 : fields.Sum(f => Cost(f, variables));
        if (requested > MaxQueryCost)
        {
            throw new GraphQlError($"Query cost is {requested}, which exceeds the single query max cost limit ({MaxQueryCost}).", "MAX_COST_EXCEEDED");
        }

        lock (gate)
        {
            Refill();
            if (!isMutation && DrainAtNextQuery is { } drainTo)
            {
                available = Math.Min(available, drainTo);
                DrainAtNextQuery = null;
            }

            if (requested > available)
            {
                Throttled.Add(FormattableString.Invariant($"{string.Join(",", fields.Select(f => f.Name.StringValue))} {requested} > {available:0.0}"));
                return new JsonObject
                {
                    ["errors"] = new JsonArray(Error("Throttled", "THROTTLED")),
                    ["extensions"] = CostExtension(requested, null, available),
                };
            }

            available -= requested;
        }

        var data = new JsonObject();
        var actual = new CostCounter();
        foreach (var field in fields)
        {
            data[Alias(field)] = isMutation ? Mutation(field, variables) : await QueryAsync(field, variables, actual, ct);
        }

        var spent = isMutation ? 10 : actual.Points;
        double left;
        lock (gate)
        {
            // Charged the requested cost up front, refunded the difference to the actual cost (limits page).
            available = Math.Min(MaximumAvailable, available + (requested - spent));
            left = available;
        }

        return new JsonObject { ["data"] = data, ["extensions"] = CostExtension(requested, spent, left) };
    }

    /// <summary>
    /// Positions of a root connection's records in the order of its sort key: ID by default, UPDATED_AT where the
    /// connection has that key (queries/orders, queries/customers, queries/products); abandonedCheckouts has none
    /// (enums/AbandonedCheckoutSortKeys: CHECKOUT_ID, CREATED_AT, CUSTOMER_NAME, ID, RELEVANCE, TOTAL_PRICE).
    /// </summary>
    private static IReadOnlyList<int> Ordered(ApiRecordSet set, string root, string? sortKey, DateTime? since)
    {
        switch (sortKey ?? "ID")
        {
            case "UPDATED_AT" when root == "abandonedCheckouts":
                throw new GraphQlError($"Argument 'sortKey' on Field '{root}' has an invalid value (UPDATED_AT). Expected type 'AbandonedCheckoutSortKeys'.", "argumentLiteralsIncompatible");
            case "UPDATED_AT":
                var first = set.FirstUpdatedSince(since);
                return Enumerable.Range(first, set.Count - first).ToList();
            case "ID" or "CHECKOUT_ID":
                return set.ByIdUpdatedSince(since);
            default:
                throw new GraphQlError($"the simulator does not sort '{root}' by {sortKey}", "BAD_REQUEST");
        }
    }

    private void Refill()
    {
        var now = DateTime.UtcNow;
        available = double.IsNaN(available) ? MaximumAvailable : Math.Min(MaximumAvailable, available + (now - refilledAt).TotalSeconds * RestoreRate);
        refilledAt = now;
    }

    private JsonObject CostExtension(int requested, int? actual, double left) => new()
    {
        ["cost"] = new JsonObject
        {
            ["requestedQueryCost"] = requested,
            ["actualQueryCost"] = actual,
            ["throttleStatus"] = new JsonObject
            {
                ["maximumAvailable"] = MaximumAvailable, ["currentlyAvailable"] = Math.Floor(left), ["restoreRate"] = RestoreRate,
            },
        },
    };

    private async Task<JsonNode?> QueryAsync(GraphQLField field, JsonObject variables, CostCounter cost, CancellationToken ct)
    {
        var name = field.Name.StringValue;
        if (RootConnections.TryGetValue(name, out var resource))
        {
            var first = Math.Clamp(IntArgument(field, "first", variables) ?? throw new GraphQlError($"you must provide one of first or last to paginate the '{name}' connection", "BAD_REQUEST"), 1, 250);
            var after = StringArgument(field, "after", variables) is { } cursor ? Position(cursor) + 1 : 0;
            var filter = Filter.Parse(StringArgument(field, "query", variables));
            var set = records.TryGetValue(resource, out var r) ? r : ApiRecordSet.FromJson([]);
            var order = Ordered(set, name, StringArgument(field, "sortKey", variables), filter.UpdatedSince);
            var page = new List<(int Position, JsonNode Node)>();
            var next = after;
            var more = false;
            while (next < order.Count && !more)
            {
                var positions = order.Skip(next).Take(250).ToList();
                var batch = await set.ReadAtAsync(positions, ct);
                foreach (var json in batch)
                {
                    var position = next++;
                    if (!filter.Lists(resource, json)) continue;
                    foreach (var served in Served(resource, json))
                    {
                        if (page.Count == first)
                        {
                            more = true;
                            break;
                        }

                        page.Add((position, ShopifyGraphQlNodes.Render(resource, served)));
                    }

                    if (more) break;
                }
            }

            lock (Pages) Pages.Add(name);
            return ConnectionResult(page, more, field, variables, cost);
        }

        if (name is "ordersCount" or "customersCount" or "productsCount" or "abandonedCheckoutsCount")
        {
            cost.Points += 1;
            var filter = Filter.Parse(StringArgument(field, "query", variables));
            var set = records.TryGetValue(RootConnections[name[..^"Count".Length]], out var r) ? r : ApiRecordSet.FromJson([]);
            // limit: 10,000 unless given; null counts without a limit (queries/ordersCount, "Uncapped counts in GraphQL").
            var limit = Argument(field, "limit") switch
            {
                null => 10_000,
                GraphQLNullValue => int.MaxValue,
                GraphQLVariable v when variables[v.Name.StringValue] is null => int.MaxValue,
                _ => IntArgument(field, "limit", variables) ?? 10_000,
            };
            var count = 0;
            for (var start = set.FirstUpdatedSince(filter.UpdatedSince); start < set.Count && count <= limit; start += 1000)
            {
                count += (await set.ReadAsync(start, 1000, ct)).Count(json => filter.Lists(RootConnections[name[..^"Count".Length]], json));
            }

            // ordersCount and the other counts stop at their limit (10,000 by default) and say so (.../objects/Count).
            return Project(new JsonObject { ["count"] = Math.Min(count, limit), ["precision"] = count > limit ? "AT_LEAST" : "EXACT" }, field, variables, cost);
        }

        if (name is "currentBulkOperation" or "bulkOperation")
        {
            BulkOperation? operation;
            lock (gate)
            {
                operation = name == "bulkOperation"
                    ? operations.FirstOrDefault(o => o.Id == StringArgument(field, "id", variables))
                    : operations.LastOrDefault();
            }

            return operation is null ? null : Project(operation.ToNode(ResultAddress ?? baseAddress()), field, variables, cost);
        }

        if (name is "node" or "nodes")
        {
            var ids = name == "node" ? [StringArgument(field, "id", variables) ?? ""] : StringListArgument(field, "ids", variables);
            // Input arrays take at most 250 items (usage/limits, "Input array size limits").
            if (ids.Count > 250) throw new GraphQlError($"The input array size of {ids.Count} is greater than the maximum allowed of 250.", "MAX_INPUT_SIZE_EXCEEDED");
            var found = new JsonArray();
            foreach (var id in ids) found.Add(ProjectObject(await NodeAsync(id, ct), field.SelectionSet!, variables, cost, bulk: false));
            return name == "node" ? found[0]?.DeepClone() : found;
        }

        throw new GraphQlError($"Field '{name}' doesn't exist on type 'QueryRoot'", "undefinedField");
    }

    /// <summary>
    /// The object a global id names, or null when none has it (queries/node, queries/nodes: "Returns null for any ID
    /// that doesn't resolve"). A refund is found in its order's <c>refunds</c>.
    /// </summary>
    private async Task<JsonObject?> NodeAsync(string gid, CancellationToken ct)
    {
        var parts = gid.StartsWith("gid://shopify/", StringComparison.Ordinal) ? gid["gid://shopify/".Length..].Split('/') : [];
        if (parts.Length != 2 || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            throw new GraphQlError($"Invalid global id '{gid}'", "argumentLiteralsIncompatible");
        }

        var resource = parts[0] switch
        {
            "Order" or "Refund" => "orders", "Customer" => "customers", "Product" => "products", "AbandonedCheckout" => "checkouts", _ => null,
        };
        if (resource is null || !records.TryGetValue(resource, out var set)) return null;
        var position = parts[0] == "Refund" ? (await RefundIndexAsync(set, ct)).GetValueOrDefault(id, -1) : IdPosition(set, id);
        if (position < 0) return null;
        var node = ShopifyGraphQlNodes.Render(resource, (await set.ReadAtAsync([position], ct))[0]);
        return parts[0] == "Refund" ? (node["refunds"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(r => r["id"]?.GetValue<string>() == gid) : node;
    }

    private static int IdPosition(ApiRecordSet set, long id)
    {
        for (var i = 0; i < set.Count; i++) if (set.KeyAt(i).Id == id) return i;
        return -1;
    }

    private (ApiRecordSet Set, Dictionary<long, int> Orders)? refundIndex;

    // Refund id -> position of its order, built once per order set.
    private async Task<Dictionary<long, int>> RefundIndexAsync(ApiRecordSet orders, CancellationToken ct)
    {
        if (refundIndex is { } cached && ReferenceEquals(cached.Set, orders)) return cached.Orders;
        var index = new Dictionary<long, int>();
        for (var start = 0; start < orders.Count; start += 1000)
        {
            var batch = await orders.ReadAsync(start, 1000, ct);
            for (var i = 0; i < batch.Count; i++)
            {
                using var json = JsonDocument.Parse(batch[i]);
                if (!json.RootElement.TryGetProperty("refunds", out var refunds) || refunds.ValueKind != JsonValueKind.Array) continue;
                foreach (var refund in refunds.EnumerateArray()) index[refund.GetProperty("id").GetInt64()] = start + i;
            }
        }

        refundIndex = (orders, index);
        return index;
    }

    private JsonNode? Mutation(GraphQLField field, JsonObject variables)
    {
        var name = field.Name.StringValue;
        var cost = new CostCounter();
        if (name == "bulkOperationRunQuery")
        {
            var query = StringArgument(field, "query", variables) ?? throw new GraphQlError("bulkOperationRunQuery needs a query", "BAD_REQUEST");
            var errors = new JsonArray();
            BulkOperation? started = null;
            lock (gate)
            {
                // From 2026-01 an app runs up to five bulk queries at once per shop (bulk-operations/queries, "Limitations").
                if (operations.Count(o => o.Status is "CREATED" or "RUNNING") >= MaxRunningBulkQueries)
                {
                    errors.Add(new JsonObject
                    {
                        ["field"] = null, ["code"] = "OPERATION_IN_PROGRESS",
                        ["message"] = $"A maximum of {MaxRunningBulkQueries} bulk query operations can run at a time for this app and shop.",
                    });
                }
            }

            if (errors.Count == 0)
            {
                var problem = Contract?.RequestErrors(query, []) is [var first, ..] ? "Invalid bulk query: " + first.Message : BulkQueryProblem(query);
                if (problem is not null) errors.Add(new JsonObject { ["field"] = new JsonArray("query"), ["code"] = "INVALID", ["message"] = problem });
                else started = Start(query, BulkRunTime, BulkOutcomes.TryDequeue(out var outcome) ? outcome : "COMPLETED", BoolArgument(field, "groupObjects", variables) ?? false);
            }

            return Project(new JsonObject { ["bulkOperation"] = started?.Created, ["userErrors"] = errors }, field, variables, cost);
        }

        if (name == "bulkOperationCancel")
        {
            BulkOperation? operation;
            lock (gate) operation = operations.FirstOrDefault(o => o.Id == StringArgument(field, "id", variables));
            if (operation is not null) operation.Cancel();
            return Project(new JsonObject { ["bulkOperation"] = operation?.ToNode(baseAddress()), ["userErrors"] = new JsonArray() }, field, variables, cost);
        }

        throw new GraphQlError($"Field '{name}' doesn't exist on type 'Mutation'", "undefinedField");
    }

    private BulkOperation Start(string query, TimeSpan runTime, string outcome, bool groupObjects)
    {
        BulkOperation operation;
        lock (gate)
        {
            operation = new BulkOperation(operations.Count + 1, query) { GroupObjects = groupObjects };
            operations.Add(operation);
        }

        // The mutation answers the operation as it was created, whatever the run below has done by then.
        operation.Created = operation.ToNode(ResultAddress ?? baseAddress());

        _ = Task.Run(async () =>
        {
            operation.Status = "RUNNING";
            try
            {
                await Task.Delay(runTime);
                if (operation.Status == "CANCELING")
                {
                    operation.Status = "CANCELED";
                    return;
                }

                switch (outcome)
                {
                    case "COMPLETED":
                        await WriteResultAsync(operation);
                        operation.Status = "COMPLETED";
                        break;
                    case "FAILED":
                        operation.ErrorCode = "INTERNAL_SERVER_ERROR";
                        operation.Status = "FAILED";
                        break;
                    default:
                        operation.Status = outcome;
                        break;
                }
            }
            catch (Exception e)
            {
                operation.ErrorCode = "INTERNAL_SERVER_ERROR: " + e.Message;
                operation.Status = "FAILED";
            }

            operation.CompletedAt = DateTime.UtcNow;
        });
        return operation;
    }

    /// <summary>
    /// The documented bulk query limitations (shopify.dev/docs/api/usage/bulk-operations/queries, "Operation
    /// restrictions"; mutations/bulkOperationRunQuery): one top-level connection ("must include at least one connection"),
    /// never the top-level <c>node</c> or <c>nodes</c> field, at most five connections, nested at most two levels, and no
    /// connection inside a list field. <c>first</c>/<c>last</c> are not needed inside: a bulk query reads every node.
    /// </summary>
    private static string? BulkQueryProblem(string query)
    {
        try
        {
            var root = Fields(Parser.Parse(query).Definitions.OfType<GraphQLOperationDefinition>().Single().SelectionSet).ToList();
            if (root.Any(f => f.Name.StringValue is "node" or "nodes")) return "The top level node and nodes fields can't be used in bulk queries.";
            if (root.Count != 1 || !RootConnections.ContainsKey(root[0].Name.StringValue)) return "Bulk queries must contain at least one connection at the root.";
            if (ConnectionInList(root[0], inList: false)) return "Queries that contain a connection field within a list field are not currently supported.";
            var connections = CountConnections(root[0], 0, out var depth);
            if (connections > 5) return "Bulk queries cannot contain more than 5 connections.";
            if (depth > 2) return "Bulk queries cannot contain connections with a nesting depth greater than 2.";
            return null;
        }
        catch (GraphQLParser.Exceptions.GraphQLSyntaxErrorException e)
        {
            return "Invalid bulk query: " + e.Message;
        }
    }

    private static bool ConnectionInList(GraphQLField field, bool inList)
    {
        if (inList && Connections.Contains(field.Name.StringValue)) return true;
        var list = inList || ListFields.Contains(field.Name.StringValue);
        return Fields(field.SelectionSet).Any(child => ConnectionInList(child, list));
    }

    private static int CountConnections(GraphQLField field, int level, out int depth)
    {
        var own = Connections.Contains(field.Name.StringValue) ? 1 : 0;
        depth = level + own;
        var count = own;
        foreach (var child in Fields(field.SelectionSet))
        {
            count += CountConnections(child, level + own, out var childDepth);
            depth = Math.Max(depth, childDepth);
        }

        return count;
    }

    /// <summary>Writes the result as JSON lines: each node of the root connection, then the nodes of its nested connections, each with __parentId.</summary>
    private async Task WriteResultAsync(BulkOperation operation)
    {
        var root = Parser.Parse(operation.Query).Definitions.OfType<GraphQLOperationDefinition>().Single().SelectionSet.Selections.OfType<GraphQLField>().Single();
        var resource = RootConnections[root.Name.StringValue];
        var filter = Filter.Parse(StringArgument(root, "query", []));
        var node = NodeSelection(root) ?? throw new GraphQlError("a bulk query selects edges { node { ... } }", "INVALID");
        var set = records.TryGetValue(resource, out var r) ? r : ApiRecordSet.FromJson([]);
        var order = Ordered(set, root.Name.StringValue, StringArgument(root, "sortKey", []), filter.UpdatedSince);
        var path = Path.Combine(Path.GetTempPath(), $"shopify-bulk-{Guid.NewGuid():N}.jsonl");
        var later = path + ".children";
        long objects = 0;
        await using (var writer = new StreamWriter(path, false, new UTF8Encoding(false)))
        {
            // groupObjects: false (the default from 2026-01, mutations/bulkOperationRunQuery) puts no child after its
            // parent: the simulator writes every root first and the children after them all.
            await using (var children = operation.GroupObjects ? null : new StreamWriter(later, false, new UTF8Encoding(false)))
            {
                for (var start = 0; start < order.Count; start += 500)
                {
                    foreach (var json in await set.ReadAtAsync(order.Skip(start).Take(500).ToList(), CancellationToken.None))
                    {
                        if (!filter.Lists(resource, json)) continue;
                        foreach (var served in Served(resource, json))
                        {
                            var projected = ProjectObject(ShopifyGraphQlNodes.Render(resource, served), node, [], new CostCounter(), bulk: true)!;
                            objects += await WriteFlattenedAsync(writer, children ?? writer, projected, null);
                        }
                    }
                }
            }

            if (!operation.GroupObjects)
            {
                await using var rest = File.OpenRead(later);
                await writer.FlushAsync();
                await rest.CopyToAsync(writer.BaseStream);
                File.Delete(later);
            }
        }

        operation.File = path;
        operation.ObjectCount = objects;
        operation.FileSize = new FileInfo(path).Length;
    }

    // Nested connections leave their parent and follow it as lines of their own, each naming its parent's id.
    private static async Task<long> WriteFlattenedAsync(StreamWriter writer, StreamWriter childWriter, JsonObject node, string? parentId)
    {
        var children = new List<(JsonObject Child, string Parent)>();
        Detach(node, node["id"]?.GetValue<string>(), children);
        if (parentId is not null) node["__parentId"] = parentId;
        await (parentId is null ? writer : childWriter).WriteLineAsync(node.ToJsonString());
        long count = 1;
        foreach (var (child, parent) in children) count += await WriteFlattenedAsync(childWriter, childWriter, child, parent);
        return count;
    }

    private static void Detach(JsonObject node, string? ownerId, List<(JsonObject, string)> children)
    {
        foreach (var (key, value) in node.ToList())
        {
            if (value is JsonObject connection && connection["edges"] is JsonArray edges)
            {
                node.Remove(key);
                foreach (var edge in edges) if (edge?["node"] is JsonObject child) children.Add(((JsonObject)child.DeepClone(), ownerId!));
            }
            else if (value is JsonObject inner)
            {
                Detach(inner, inner["id"]?.GetValue<string>() ?? ownerId, children);
            }
            else if (value is JsonArray list)
            {
                foreach (var item in list.OfType<JsonObject>()) Detach(item, item["id"]?.GetValue<string>() ?? ownerId, children);
            }
        }
    }

    private static GraphQLSelectionSet? NodeSelection(GraphQLField connection) =>
        connection.SelectionSet?.Selections.OfType<GraphQLField>().FirstOrDefault(f => f.Name.StringValue == "edges")
            ?.SelectionSet?.Selections.OfType<GraphQLField>().FirstOrDefault(f => f.Name.StringValue == "node")?.SelectionSet
        ?? connection.SelectionSet?.Selections.OfType<GraphQLField>().FirstOrDefault(f => f.Name.StringValue == "nodes")?.SelectionSet;

    private static JsonNode? Project(JsonNode? value, GraphQLField field, JsonObject variables, CostCounter cost) =>
        field.SelectionSet is null ? value?.DeepClone() : ProjectValue(value, field, variables, cost, bulk: false);

    private static JsonNode? ProjectValue(JsonNode? value, GraphQLField field, JsonObject variables, CostCounter cost, bool bulk)
    {
        if (value is JsonObject connection && connection[ShopifyGraphQlNodes.Connection] is JsonArray list)
        {
            var first = IntArgument(field, "first", variables);
            if (first is null && !bulk) throw new GraphQlError($"you must provide one of first or last to paginate the '{field.Name.StringValue}' connection", "BAD_REQUEST");
            var after = StringArgument(field, "after", variables) is { } cursor ? Position(cursor) + 1 : 0;
            var take = bulk ? list.Count : Math.Clamp(first!.Value, 1, 250);
            var page = list.Select((node, i) => (i, node!)).Skip(after).Take(take).ToList();
            return ConnectionResult(page, after + page.Count < list.Count, field, variables, cost, bulk);
        }

        if (value is JsonArray array)
        {
            var first = IntArgument(field, "first", variables) ?? array.Count;
            return new JsonArray(array.Take(first).Select(item => ProjectObject(item, field.SelectionSet!, variables, cost, bulk)).ToArray());
        }

        return ProjectObject(value, field.SelectionSet!, variables, cost, bulk);
    }

    private static JsonObject ConnectionResult(List<(int Position, JsonNode Node)> page, bool more, GraphQLField field, JsonObject variables, CostCounter cost, bool bulk = false)
    {
        cost.Points += 2;
        var result = new JsonObject();
        foreach (var part in field.SelectionSet?.Selections.OfType<GraphQLField>() ?? [])
        {
            var cursor = (int position) => Convert.ToBase64String(Encoding.UTF8.GetBytes(position.ToString(CultureInfo.InvariantCulture)));
            result[Alias(part)] = part.Name.StringValue switch
            {
                "edges" => new JsonArray(page.Select(p => (JsonNode)Edge(p.Position, p.Node, part, variables, cost, bulk, cursor)).ToArray()),
                "nodes" => new JsonArray(page.Select(p => ProjectObject(p.Node, part.SelectionSet!, variables, cost, bulk)).ToArray()),
                "pageInfo" => ProjectObject(new JsonObject
                {
                    ["hasNextPage"] = more, ["hasPreviousPage"] = page.Count > 0 && page[0].Position > 0,
                    ["endCursor"] = page.Count == 0 ? null : cursor(page[^1].Position), ["startCursor"] = page.Count == 0 ? null : cursor(page[0].Position),
                }, part.SelectionSet!, variables, new CostCounter(), bulk),
                var other => throw new GraphQlError($"Field '{other}' doesn't exist on a connection", "undefinedField"),
            };
        }

        return result;
    }

    private static JsonObject Edge(int position, JsonNode node, GraphQLField edges, JsonObject variables, CostCounter cost, bool bulk, Func<int, string> cursor)
    {
        var edge = new JsonObject();
        foreach (var part in edges.SelectionSet?.Selections.OfType<GraphQLField>() ?? [])
        {
            edge[Alias(part)] = part.Name.StringValue == "cursor" ? cursor(position) : ProjectObject(node, part.SelectionSet!, variables, cost, bulk);
        }

        return edge;
    }

    private static JsonObject? ProjectObject(JsonNode? value, GraphQLSelectionSet set, JsonObject variables, CostCounter cost, bool bulk)
    {
        if (value is not JsonObject source) return null;
        cost.Points += 1;
        var result = new JsonObject();
        foreach (var field in Fields(set, TypeName(source)))
        {
            var name = field.Name.StringValue;
            if (name == "__typename")
            {
                result[Alias(field)] = TypeName(source);
                continue;
            }

            if (!source.TryGetPropertyValue(name, out var child))
            {
                throw new GraphQlError($"Field '{name}' doesn't exist on type '{TypeName(source)}'", "undefinedField");
            }

            result[Alias(field)] = field.SelectionSet is null ? child?.DeepClone() : ProjectValue(child, field, variables, cost, bulk);
        }

        return result;
    }

    /// <summary>The fields of a selection for an object of a type: its own and those of inline fragments on that type.</summary>
    private static IEnumerable<GraphQLField> Fields(GraphQLSelectionSet? set, string? type = null)
    {
        foreach (var selection in set?.Selections ?? [])
        {
            if (selection is GraphQLField field) yield return field;
            else if (selection is GraphQLInlineFragment fragment && (type is null || fragment.TypeCondition is null || fragment.TypeCondition.Type.Name.StringValue == type))
            {
                foreach (var inner in Fields(fragment.SelectionSet, type)) yield return inner;
            }
        }
    }

    private static string TypeName(JsonObject node) => node["id"]?.GetValue<string>() is { } id && id.StartsWith("gid://shopify/", StringComparison.Ordinal)
        ? id["gid://shopify/".Length..].Split('/')[0]
        : "Object";

    /// <summary>The requested cost of a field before it runs (limits#cost-calculation).</summary>
    private static int Cost(GraphQLField field, JsonObject variables)
    {
        if (field.SelectionSet is null) return 0;
        var children = Fields(field.SelectionSet).ToList();
        if (Connections.Contains(field.Name.StringValue))
        {
            var first = Math.Clamp(IntArgument(field, "first", variables) ?? 0, 0, 250);
            var node = children.SelectMany(c => c.Name.StringValue == "edges" ? c.SelectionSet!.Selections.OfType<GraphQLField>().Where(n => n.Name.StringValue == "node") : c.Name.StringValue == "nodes" ? [c] : [])
                .Select(n => Cost(n, variables)).DefaultIfEmpty(0).Max();
            return 2 + first * node;
        }

        var own = 1 + children.Sum(c => Cost(c, variables));
        // nodes(ids:) returns one object per id.
        if (field.Name.StringValue == "nodes" && Argument(field, "ids") is not null) return own * Math.Max(1, StringListArgument(field, "ids", variables).Count);
        return IntArgument(field, "first", variables) is { } count ? own * count : own;
    }

    // Cursors are opaque to clients (pagination-graphql); here they are a position in the connection's order.
    private static int Position(string cursor) => int.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(cursor)), CultureInfo.InvariantCulture);

    private static string Alias(GraphQLField field) => field.Alias?.Name.StringValue ?? field.Name.StringValue;

    private static GraphQLValue? Argument(GraphQLField field, string name) =>
        field.Arguments?.Items.FirstOrDefault(a => a.Name.StringValue == name)?.Value;

    private static int? IntArgument(GraphQLField field, string name, JsonObject variables) => Argument(field, name) switch
    {
        GraphQLIntValue i => int.Parse(i.Value.ToString(), CultureInfo.InvariantCulture),
        GraphQLVariable v => variables[v.Name.StringValue]?.GetValue<int>(),
        _ => null,
    };

    private static bool? BoolArgument(GraphQLField field, string name, JsonObject variables) => Argument(field, name) switch
    {
        GraphQLBooleanValue b => b.BoolValue,
        GraphQLVariable v => variables[v.Name.StringValue]?.GetValue<bool>(),
        _ => null,
    };

    private static List<string> StringListArgument(GraphQLField field, string name, JsonObject variables) => Argument(field, name) switch
    {
        GraphQLListValue l => l.Values?.OfType<GraphQLStringValue>().Select(s => s.Value.ToString()).ToList() ?? [],
        GraphQLVariable v => (variables[v.Name.StringValue] as JsonArray)?.Select(n => n?.GetValue<string>() ?? "").ToList() ?? [],
        _ => [],
    };

    private static string? StringArgument(GraphQLField field, string name, JsonObject variables) => Argument(field, name) switch
    {
        GraphQLStringValue s => s.Value.ToString(),
        GraphQLEnumValue e => e.Name.StringValue,
        GraphQLVariable v => variables[v.Name.StringValue]?.GetValue<string>(),
        _ => null,
    };

    private static JsonObject Error(string message, string code) => new() { ["message"] = message, ["extensions"] = new JsonObject { ["code"] = code } };

    /// <summary>The search terms the simulator understands (search-syntax): <c>updated_at:&gt;='…'</c>, <c>created_at</c> bounds, <c>test:</c> and <c>id:N</c> terms joined by OR.</summary>
    private sealed partial record Filter(DateTime? UpdatedSince, HashSet<string>? Ids)
    {
        /// <summary><c>created_at:&gt;='…'</c>: created at or after.</summary>
        public DateTime? CreatedFrom { get; init; }

        /// <summary><c>created_at:&lt;'…'</c>: created before.</summary>
        public DateTime? CreatedBefore { get; init; }

        /// <summary><c>test:true</c> or <c>test:false</c> (orders: "Filter by test orders", queries/orders).</summary>
        public bool? Test { get; init; }

        public static Filter Parse(string? query)
        {
            if (string.IsNullOrWhiteSpace(query)) return new Filter(null, null);
            var updated = UpdatedAtTerm().Match(query);
            var ids = IdTerm().Matches(query).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
            var from = CreatedFromTerm().Match(query);
            var before = CreatedBeforeTerm().Match(query);
            var test = TestTerm().Match(query);
            if (!updated.Success && ids.Count == 0 && !from.Success && !before.Success && !test.Success)
            {
                throw new GraphQlError($"the simulator does not understand the search query '{query}'", "BAD_REQUEST");
            }

            return new Filter(updated.Success ? Time(updated) : null, ids.Count > 0 ? ids : null)
            {
                CreatedFrom = from.Success ? Time(from) : null,
                CreatedBefore = before.Success ? Time(before) : null,
                Test = test.Success ? test.Groups[1].Value == "true" : null,
            };
        }

        private static DateTime Time(Match term) => DateTimeOffset.Parse(term.Groups[1].Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).UtcDateTime;

        public bool Lists(string resource, string json)
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (Ids is not null && !Ids.Contains(root.GetProperty("id").ToString())) return false;
            if (CreatedFrom is not null || CreatedBefore is not null)
            {
                var created = root.GetProperty("created_at").GetDateTimeOffset().UtcDateTime;
                if (created < CreatedFrom || created >= CreatedBefore) return false;
            }

            if (Test is { } test && (root.TryGetProperty("test", out var flag) && flag.ValueKind == JsonValueKind.True) != test) return false;
            // abandonedCheckouts lists abandoned and recovered checkouts: those with a recovery URL (queries/abandonedCheckouts).
            return resource != "checkouts" || (root.TryGetProperty("abandoned_checkout_url", out var url) && url.ValueKind == JsonValueKind.String);
        }

        [GeneratedRegex(@"updated_at:>=\s*'?([0-9T:.\-+Z]+)'?")]
        private static partial Regex UpdatedAtTerm();

        [GeneratedRegex(@"created_at:>=\s*'?([0-9T:.\-+Z]+)'?")]
        private static partial Regex CreatedFromTerm();

        [GeneratedRegex(@"created_at:<(?!=)\s*'?([0-9T:.\-+Z]+)'?")]
        private static partial Regex CreatedBeforeTerm();

        [GeneratedRegex(@"\btest:(true|false)\b")]
        private static partial Regex TestTerm();

        [GeneratedRegex(@"\bid:(\d+)")]
        private static partial Regex IdTerm();
    }

    private sealed class CostCounter
    {
        public int Points;
    }

    private sealed class GraphQlError(string message, string code) : Exception(message)
    {
        public string Code { get; } = code;
    }

    private sealed class BulkOperation(int number, string query)
    {
        public int Number { get; } = number;

        public string Id => $"gid://shopify/BulkOperation/{Number}";

        public string Query { get; } = query;

        public volatile string Status = "CREATED";

        public string? ErrorCode { get; set; }

        public bool GroupObjects { get; init; }

        /// <summary>The operation as bulkOperationRunQuery answers it: CREATED.</summary>
        public JsonObject? Created { get; set; }

        public string? File { get; set; }

        public long ObjectCount { get; set; }

        public long FileSize { get; set; }

        public DateTime CreatedAt { get; } = DateTime.UtcNow;

        public DateTime? CompletedAt { get; set; }

        public void Cancel()
        {
            if (Status is "CREATED" or "RUNNING") Status = "CANCELING";
        }

        public JsonObject ToNode(Uri server) => new()
        {
            ["id"] = Id,
            ["status"] = Status,
            ["errorCode"] = ErrorCode,
            ["type"] = "QUERY",
            ["query"] = Query,
            ["createdAt"] = CreatedAt.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ["completedAt"] = CompletedAt?.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ["objectCount"] = ObjectCount.ToString(CultureInfo.InvariantCulture),
            ["fileSize"] = Status == "COMPLETED" ? FileSize.ToString(CultureInfo.InvariantCulture) : null,
            ["url"] = Status == "COMPLETED" ? new Uri(server, $"shopify-bulk-results/{Number}.jsonl").ToString() : null,
            ["partialDataUrl"] = null,
        };
    }
}
