using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Warehouse.Etl.Sources.Shopify;
using Warehouse.Jobs.Demo;

namespace Warehouse.Tests.Contracts;

/// <summary>
/// Every request the Shopify connector can send, validated against Shopify's published Admin API schema
/// (tests/Contracts/shopify: Shopify/cli's admin_schema.graphql of 2025-09-17 and the three fields of 2026-07 it lacks), and
/// the simulator held to the same schema and to the documented bulk query limitations.
/// </summary>
public sealed class ShopifySchemaContractTests
{
    private static readonly GraphQlSchemaContract Contract = GraphQlSchemaContract.Shopify;

    private static readonly ShopifyGraphQlQuery[] Streams =
        [ShopifyCustomersStream.Query, ShopifyProductsStream.Query, ShopifyOrdersStream.Query, ShopifyCheckoutsStream.Query];

    /// <summary>Each request with variables of the kinds the connector sends.</summary>
    private static IEnumerable<TestCaseData> Requests()
    {
        var since = new JsonObject { ["query"] = "updated_at:>='2026-03-01T00:00:00Z'" };
        foreach (var stream in Streams)
        {
            var root = stream.Root;
            yield return new TestCaseData(stream.Paged(), new JsonObject { ["first"] = 50, ["after"] = "MQ==", ["query"] = "updated_at:>='2026-03-01T00:00:00Z'" }).SetName($"{root}: paged query");
            yield return new TestCaseData(ShopifyGraphQlApi.CountQuery(stream, 10_001), since).SetName($"{root}: count query");
            yield return new TestCaseData(stream.Bulk(null), new JsonObject()).SetName($"{root}: bulk query of a first load");
            yield return new TestCaseData(stream.Bulk("updated_at:>='2026-03-01T00:00:00Z'"), new JsonObject()).SetName($"{root}: bulk query of changes");
            yield return new TestCaseData(stream.Bulk("id:5006 OR id:5007"), new JsonObject()).SetName($"{root}: bulk query of records by id");
            foreach (var child in stream.ListChildren)
            {
                yield return new TestCaseData(ShopifyGraphQlQuery.ListChildNodes(child), new JsonObject { ["ids"] = new JsonArray("gid://shopify/Refund/1", "gid://shopify/Refund/2") })
                    .SetName($"{root}: {child.UnderType} {child.Name} by ids");
                yield return new TestCaseData(ShopifyGraphQlQuery.ListChildMore(child), new JsonObject { ["id"] = "gid://shopify/Refund/1", ["after"] = "MQ==" })
                    .SetName($"{root}: {child.UnderType} {child.Name}, next page");
            }
        }

        yield return new TestCaseData(ShopifyGraphQlApi.RunBulkMutation, new JsonObject { ["query"] = ShopifyOrdersStream.Query.Bulk(null) }).SetName("bulkOperationRunQuery mutation");
        yield return new TestCaseData(ShopifyGraphQlApi.CurrentBulkQuery, new JsonObject()).SetName("currentBulkOperation query");
        yield return new TestCaseData(ShopifyGraphQlApi.PollQuery, new JsonObject { ["id"] = "gid://shopify/BulkOperation/1" }).SetName("bulkOperation poll query");
    }

    [TestCaseSource(nameof(Requests))]
    public void Every_request_the_connector_sends_is_valid_against_the_published_schema(string query, JsonObject variables) =>
        Assert.That(Contract.RequestErrors(query, variables).Select(e => e.Message), Is.Empty, query);

    [Test]
    public void The_published_schema_is_checked_for_real_a_field_it_lacks_and_a_connection_without_first_fail()
    {
        Assert.That(Contract.RequestErrors("{ orders(first: 1) { nodes { id checkout_token } } }", []).Select(e => e.Message), Has.Some.Contains("checkout_token"));
        Assert.That(Contract.RequestErrors("query Page($first: Int!) { orders(first: $first) { nodes { id } } }", new JsonObject { ["first"] = "ten" }), Is.Not.Empty,
            "variables are checked against their types");
    }

    [Test]
    public void The_schema_of_2025_09_lacks_three_fields_of_2026_07_and_only_those_are_added_by_hand()
    {
        var added = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Contracts", "shopify", "api-2026-07-additions.graphql"));
        Assert.That(GraphQLParser.Parser.Parse(added).Definitions.OfType<GraphQLParser.AST.GraphQLObjectTypeExtension>()
            .SelectMany(e => e.Fields!.Items.Select(f => $"{e.Name.StringValue}.{f.Name.StringValue}")), Is.EqualTo(new[] { "Order.cartToken", "Order.checkoutToken", "QueryRoot.bulkOperation" }));
        Assert.That(ShopifyOrdersStream.Query.Fields, Does.Contain("checkoutToken").And.Contain("cartToken"), "the connector reads both (API 2026-07)");
        Assert.That(ShopifyGraphQlApi.PollQuery, Does.Contain("bulkOperation(id: $id)"), "and polls by id (API 2026-01)");
    }

    [Test]
    public void The_simulators_connection_and_list_fields_are_what_the_schema_says()
    {
        string[] connections = ["QueryRoot.orders", "QueryRoot.customers", "QueryRoot.products", "QueryRoot.abandonedCheckouts", "Order.lineItems", "Refund.refundLineItems", "Product.variants"];
        string[] lists = ["Order.refunds", "LineItem.discountAllocations"];
        Assert.That(connections.Select(f => f.Split('.')[1]).ToHashSet(), Is.EquivalentTo(ShopifyGraphQlSimulator.Connections));
        Assert.That(lists.Select(f => f.Split('.')[1]).ToHashSet(), Is.EquivalentTo(ShopifyGraphQlSimulator.ListFields));
        Assert.Multiple(() =>
        {
            foreach (var field in connections) Assert.That(Contract.Kind(field.Split('.')[0], field.Split('.')[1]), Is.EqualTo((true, false)), field + " is a connection");
            foreach (var field in lists) Assert.That(Contract.Kind(field.Split('.')[0], field.Split('.')[1]), Is.EqualTo((false, true)), field + " is a list");
        });
    }

    /// <summary>The documented bulk query limitations, as the simulator answers them (bulk-operations/queries, "Operation restrictions").</summary>
    [TestCase("{ orders { edges { node { id refunds { id refundLineItems { edges { node { id quantity } } } } } } } }",
        "Queries that contain a connection field within a list field are not currently supported.", TestName = "A connection inside a list field (the refunds of an order)")]
    [TestCase("{ nodes(ids: [\"gid://shopify/Order/1\"]) { id } }", "The top level node and nodes fields can't be used in bulk queries.", TestName = "The top-level nodes field")]
    [TestCase("{ shop { name } }", "Bulk queries must contain at least one connection at the root.", TestName = "No connection")]
    [TestCase("{ products { edges { node { id variants { edges { node { id product { variants { edges { node { id } } } } } } } } } } }",
        "Bulk queries cannot contain connections with a nesting depth greater than 2.", TestName = "Connections nested three levels")]
    [TestCase("{ orders { edges { node { id lineItems { edges { node { id } } } } } } }", null, TestName = "A root connection with a nested one, no first needed")]
    [TestCase("{ orders { edges { node { id checkout_token } } } }", "Invalid bulk query: ", TestName = "A field the schema does not have")]
    public async Task The_simulator_refuses_a_bulk_query_as_Shopify_does(string bulkQuery, string? refusal)
    {
        await using var server = await LoopbackApiServer.StartAsync();
        var answer = await PostAsync(server, ShopifyGraphQlApi.RunBulkMutation, new JsonObject { ["query"] = bulkQuery });
        var run = answer["data"]!["bulkOperationRunQuery"]!;
        var errors = run["userErrors"]!.AsArray().Select(e => e!["message"]!.GetValue<string>()).ToList();
        if (refusal is null)
        {
            Assert.That(errors, Is.Empty);
            Assert.That(run["bulkOperation"]!["status"]!.GetValue<string>(), Is.EqualTo("CREATED"));
        }
        else
        {
            Assert.That(errors, Has.One.StartsWith(refusal));
            Assert.That(run["bulkOperation"], Is.Null);
        }
    }

    [Test]
    public async Task The_simulator_answers_a_request_the_schema_refuses_with_its_errors_and_no_data()
    {
        await using var server = await LoopbackApiServer.StartAsync();
        var answer = await PostAsync(server, "{ orders(first: 5) { nodes { id checkout_token } } }", []);
        Assert.That(answer.ContainsKey("data"), Is.False);
        Assert.That(answer["errors"]!.AsArray().Select(e => e!["message"]!.GetValue<string>()), Has.Some.Contains("checkout_token"));
    }

    [Test]
    public void An_answer_that_breaks_the_schema_is_found()
    {
        const string query = "{ ordersCount { count precision } }";
        Assert.That(Contract.AnswerErrors(query, [], new JsonObject { ["ordersCount"] = new JsonObject { ["count"] = 3, ["precision"] = "EXACT" } }), Is.Empty);
        Assert.That(Contract.AnswerErrors(query, [], new JsonObject { ["ordersCount"] = new JsonObject { ["count"] = "3", ["precision"] = "ROUGHLY" } }),
            Is.EqualTo(new[] { "data.ordersCount.count = \"3\" is not a Int", "data.ordersCount.precision = \"ROUGHLY\" is not a value of the enum CountPrecision" }));
        Assert.That(Contract.AnswerErrors("{ ordersCount { count } }", [], new JsonObject { ["ordersCount"] = new JsonObject { ["count"] = 3, ["extra"] = 1 } }),
            Is.EqualTo(new[] { "data.ordersCount.extra was not asked for" }));
    }

    private static async Task<JsonObject> PostAsync(LoopbackApiServer server, string query, JsonObject variables)
    {
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        using var response = await http.PostAsJsonAsync($"admin/api/{ShopifyGraphQlApi.ApiVersion}/graphql.json", new JsonObject { ["query"] = query, ["variables"] = variables });
        return (JsonNode.Parse(await response.Content.ReadAsStringAsync()) as JsonObject)!;
    }
}
