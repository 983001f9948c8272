using System.Globalization;
using Warehouse.Deployment;
using Warehouse.Engines;
using Warehouse.Etl.Http;
using Warehouse.Etl.Pipeline;
using Warehouse.Etl.Sources;
using Warehouse.Etl.Sources.Intercom;
using Warehouse.Jobs.Demo;
using Warehouse.Tests.Fixtures;
using Warehouse.Tests.Helpdesk;
using static Warehouse.Tests.Fixtures.IntercomRecords;

namespace Warehouse.Tests.Contracts;

/// <summary>
/// The Intercom connector and simulator against Intercom's own OpenAPI description of its REST API, version 2.15
/// (tests/Contracts/intercom, see its README): every request the connector sends (path, query, the Intercom-Version
/// header and the search body) and every answer the simulator gives keep to it, and so do the recorded real answers in
/// ../shared/samples/real/nango_recorded_api_responses/intercom, so the check is neither stricter nor looser than Intercom.
/// </summary>
public sealed class IntercomOpenApiContractTests
{
    private static readonly string Description = Path.Combine(AppContext.BaseDirectory, "Contracts", "intercom", "api.intercom.io.2.15.yaml.gz");

    private static readonly string Recordings = Path.Combine(RepositoryFolders.RealSamples, "nango_recorded_api_responses", "intercom");

    /// <summary>Intercom's description where the recorded real answers differ from it; each difference is named.</summary>
    private static async Task<OpenApiContract> ContractAsync()
    {
        // Real answers carry null in optional fields the description does not mark nullable (source.url, ai_agent, ...).
        var contract = await OpenApiContract.LoadAsync(Description, nullForOptional: true);
        // The workspace's own conversation attributes: real answers hold booleans ("Has attachments": false), which the
        // description's four alternatives (string, integer, and two objects) leave out.
        contract.FreeForm.Add("custom_attributes");
        // statistics.last_closed_by_id is an admin id, a number in the real answer (10553731), a string in the description.
        contract.TypeAdditions.Add(("last_closed_by_id", System.Text.Json.JsonValueKind.Number));
        return contract;
    }

    [Test]
    public async Task The_description_loads_and_covers_every_endpoint_the_connector_reads()
    {
        var contract = await ContractAsync();

        Assert.That(contract.Version, Is.EqualTo(IntercomApi.Version));
        foreach (var path in new[] { "/admins", "/teams", "/contacts/search", "/conversations/search" }) Assert.That(contract.TemplateOf(path), Is.EqualTo(path));
        Assert.That(contract.TemplateOf("/conversations/215474207061545"), Is.EqualTo("/conversations/{conversation_id}"));
    }

    [Test]
    public async Task Every_request_of_the_connector_and_every_answer_of_the_simulator_keep_to_the_description()
    {
        var contract = await ContractAsync();
        var exchanges = await RunTheConnectorAsync();

        Assert.That(exchanges.Select(e => contract.TemplateOf(e.Path)).Distinct(), Is.SupersetOf(new[] { "/admins", "/teams", "/contacts/search", "/conversations/search", "/conversations/{conversation_id}" }), "every stream was read");
        Assert.That(exchanges.Where(e => e.RequestBody?.Contains("starting_after", StringComparison.Ordinal) == true), Is.Not.Empty, "the search was followed past its first page");
        Assert.That(exchanges.Where(e => e.RequestBody?.Contains("\"created_at\"", StringComparison.Ordinal) == true && e.Body.Contains("\"total_count\"", StringComparison.Ordinal)), Is.Not.Empty,
            "the reconciliation's counts by created_at were asked and answered");
        Assert.That(exchanges.Select(e => e.RequestHeaders!["Intercom-Version"]).Distinct(), Is.EqualTo(new[] { IntercomApi.Version }));
        Assert.That(exchanges.SelectMany(contract.RequestViolations), Is.Empty, "requests");
        Assert.That(exchanges.Where(e => e.Status == 200).SelectMany(contract.AnswerViolations), Is.Empty, "answers");
    }

    [TestCase("search-conversations__POST_conversations_search.json", "POST", "/conversations/search")]
    [TestCase("conversation-parts__GET_conversations_215474207175846.json", "GET", "/conversations/215474207175846")]
    [TestCase("get-conversation__GET_conversations_215474207061545.json", "GET", "/conversations/215474207061545")]
    [TestCase("search-contacts__POST_contacts_search.json", "POST", "/contacts/search")]
    public async Task A_recorded_real_answer_keeps_to_the_description(string file, string method, string path)
    {
        var contract = await ContractAsync();

        var violations = contract.AnswerViolations(new ApiExchange(method, path, new Dictionary<string, string>(), 200, "application/json", await File.ReadAllTextAsync(Path.Combine(Recordings, file))));

        Assert.That(violations, Is.Empty);
    }

    [Test]
    public async Task A_request_or_an_answer_off_the_description_is_caught()
    {
        var contract = await ContractAsync();
        const string Page = """{"type":"conversation.list","conversations":[{"type":"conversation","id":12,"created_at":"yesterday"}],"total_count":"one"}""";
        const string Query = """{"query":{"field":"updated_at","operator":"after","value":0},"pagination":{"per_page":"many"}}""";

        var answer = contract.AnswerViolations(new ApiExchange("POST", "/conversations/search", new Dictionary<string, string>(), 200, "application/json", Page));
        var request = contract.RequestViolations(new ApiExchange("POST", "/conversations/search", new Dictionary<string, string>(), 200, null, "", Query,
            new Dictionary<string, string> { ["Intercom-Version"] = "9.9" }));

        Assert.That(answer, Has.Some.Contains("$.conversations[0].id: Number where the description says String").And.Some.Contains("$.total_count: String"));
        Assert.That(request, Has.Some.Contains("'9.9' is not one of").And.Some.Contains("$.pagination.per_page: String where the description says Integer"));
    }

    /// <summary>The scenario's conversations and 160 more (past one search page of 150), served by the simulator and read by the real connector.</summary>
    private static async Task<List<ApiExchange>> RunTheConnectorAsync()
    {
        await using var desk = await IntercomTestSource.StartAsync();
        IntercomScenario.Fill(desk);
        var start = IntercomScenario.At(10, 9);
        desk.Conversations.AddRange(Enumerable.Range(0, 160).Select(i => Conversation(5000 + i, start.AddMinutes(i), start.AddMinutes(i + 30), "closed", "c200", 300, 10,
            [Part(70000 + i * 2, "comment", "admin", "300", start.AddMinutes(i + 10)), Part(70001 + i * 2, "close", "admin", "300", start.AddMinutes(i + 30))],
            rating: (1 + i % 5, start.AddMinutes(i + 30), null))));
        desk.Server.RecordExchanges = true;
        await using var warehouse = await EngineDatabase.CreateAsync(EngineKind.DuckDb);
        var settings = new WarehouseSettings { CalendarStart = new DateOnly(2026, 1, 1), CalendarEnd = new DateOnly(2026, 12, 31) };
        await new WarehouseDeployer(warehouse.Database, settings).DeployAsync();
        var result = await desk.RunAsync(warehouse.Database, settings);
        Assert.That(result.Loads.Single(l => l.Stream == "conversations").Landed, Is.EqualTo(164), "every conversation landed");
        lock (desk.Server.Exchanges) return [.. desk.Server.Exchanges];
    }
}
