using System.Text.Json;
using Warehouse.Deployment;
using Warehouse.Engines;
using Warehouse.Etl.Demo;
using Warehouse.Etl.Http;
using Warehouse.Etl.Pipeline;
using Warehouse.Etl.Sources;
using Warehouse.Etl.Sources.Zendesk;
using Warehouse.Jobs.Demo;
using Warehouse.Tests.Fixtures;

namespace Warehouse.Tests.Contracts;

/// <summary>
/// The Zendesk connector and simulator against Zendesk's own OpenAPI description of the Support API
/// (tests/Contracts/zendesk, see its README): every request the connector sends names a documented path and only
/// documented parameters, every answer the simulator gives has the documented schema, and the recorded real
/// answers in ../shared/samples/real pass the same check (so the check is neither stricter nor looser than Zendesk).
/// </summary>
public sealed class ZendeskOpenApiContractTests
{
    private static readonly string Description = Path.Combine(AppContext.BaseDirectory, "Contracts", "zendesk", "oas.yaml.gz");

    /// <summary>
    /// Zendesk's description against Zendesk's documentation: where the pages document a request the description
    /// does not allow, the page wins, and each such rule is named here.
    /// </summary>
    private static async Task<OpenApiContract> ContractAsync()
    {
        // Recorded real answers carry null in optional fields the description does not mark nullable (due_at, assignee_id, ...).
        var contract = await OpenApiContract.LoadAsync(Description, nullForOptional: true);
        // developer.zendesk.com/api-reference/ticketing/ticket-management/incremental_exports/ ("Cursor-based incremental
        // exports"): the first request sends start_time, every later one only cursor=<after_cursor>.
        contract.NotRequired.Add(("/api/v2/incremental/tickets/cursor", "start_time", "cursor"));
        contract.NotRequired.Add(("/api/v2/incremental/users/cursor", "start_time", "cursor"));
        // The same page ("Incremental Ticket Export"): deleted tickets are exported with the status "deleted", which the
        // description's ticket status enum lacks (the recorded real export has them).
        contract.EnumAdditions.Add(("status", "deleted"));
        // developer.zendesk.com/api-reference/introduction/pagination/ ("Using cursor pagination"): every list endpoint
        // that supports cursor pagination takes page[size] and page[after]; the description declares them on some lists only.
        foreach (var list in new[] { "/api/v2/groups", "/api/v2/slas/policies", "/api/v2/satisfaction_ratings" })
        {
            contract.Undeclared.Add((list, "page[size]"));
            contract.Undeclared.Add((list, "page[after]"));
        }

        // developer.zendesk.com/api-reference/ticketing/ticket-management/satisfaction_ratings/ ("List Satisfaction
        // Ratings", allowed parameters start_time, end_time, score): the description declares no parameters.
        contract.Undeclared.Add(("/api/v2/satisfaction_ratings", "start_time"));
        return contract;
    }

    [Test]
    public async Task The_description_loads_and_covers_every_endpoint_the_connector_reads()
    {
        var contract = await ContractAsync();

        Assert.That(contract.Version, Is.EqualTo("2.0.0"));
        foreach (var path in new[] { "api/v2/incremental/tickets/cursor.json", "api/v2/incremental/users/cursor.json", "api/v2/groups.json", "api/v2/slas/policies.json", "api/v2/satisfaction_ratings.json", "api/v2/ticket_audits.json" })
        {
            Assert.That(contract.TemplateOf("/" + path), Is.EqualTo("/" + path[..^5]), path);
        }
    }

    [Test]
    public async Task Every_request_of_the_connector_and_every_answer_of_the_simulator_keep_to_the_description()
    {
        var contract = await ContractAsync();
        var exchanges = await RunTheConnectorAsync();

        Assert.That(exchanges.Select(e => contract.TemplateOf(e.Path)).Distinct(), Is.SupersetOf(new[]
        {
            "/api/v2/incremental/tickets/cursor", "/api/v2/incremental/users/cursor", "/api/v2/groups", "/api/v2/slas/policies", "/api/v2/satisfaction_ratings", "/api/v2/ticket_audits",
            "/api/v2/search/count", "/api/v2/satisfaction_ratings/count",
        }), "every stream was read, and the reconciliation's counts asked");
        Assert.That(exchanges.Where(e => e.Query.ContainsKey("cursor")), Is.Not.Empty, "the export was followed past its first page");
        Assert.That(exchanges.SelectMany(contract.RequestViolations), Is.Empty, "requests");
        Assert.That(exchanges.Where(e => e.Status == 200).SelectMany(contract.AnswerViolations), Is.Empty, "answers");
    }

    [TestCase("incremental_tickets_start_time_0.json", "/api/v2/incremental/tickets")]
    [TestCase("ticket_audits_page1.json", "/api/v2/ticket_audits")]
    [TestCase("tickets_page_size_100.json", "/api/v2/tickets")]
    public async Task A_recorded_real_answer_keeps_to_the_description(string file, string path)
    {
        var recording = Path.Combine(RepositoryFolders.RealSamples, "zenpy_zendesk_api_recordings", file);
        var contract = await ContractAsync();

        var violations = contract.AnswerViolations(new ApiExchange("GET", path, new Dictionary<string, string>(), 200, "application/json", await File.ReadAllTextAsync(recording)));

        Assert.That(violations, Is.Empty);
    }

    [Test]
    public async Task An_answer_off_the_description_is_caught()
    {
        var contract = await ContractAsync();
        const string Page = """{"tickets":[{"id":"not a number","status":"open"}],"after_cursor":null,"end_of_stream":"yes"}""";

        var violations = contract.AnswerViolations(new ApiExchange("GET", "/api/v2/incremental/tickets/cursor.json", new Dictionary<string, string> { ["start_time"] = "0" }, 200, "application/json", Page));
        var request = contract.RequestViolations(new ApiExchange("GET", "/api/v2/incremental/tickets/cursor.json", new Dictionary<string, string> { ["start_tme"] = "0" }, 200, null, ""));

        Assert.That(violations, Has.Some.Contains("$.tickets[0].id: String where the description says Integer").And.Some.Contains("$.end_of_stream: String"));
        Assert.That(request, Has.Some.Contains("query parameter 'start_tme' is not in the description").And.Some.Contains("required query parameter 'start_time' is missing"));
    }

    /// <summary>The demo's helpdesk served by the simulator and read by the real connector, every exchange recorded.</summary>
    private static async Task<List<ApiExchange>> RunTheConnectorAsync()
    {
        var root = Path.Combine(Path.GetTempPath(), "zendesk-contract-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            await DemoDataSet.WriteAsync(root, new DemoOptions { Scale = 0.01 });
            await using var server = await Warehouse.Jobs.Commands.DemoCommand.StartApiAsync(root, CancellationToken.None);
            server.ZendeskExportPageSize = 50;
            server.RecordExchanges = true;
            await using var warehouse = await EngineDatabase.CreateAsync(EngineKind.DuckDb);
            var settings = new WarehouseSettings();
            await new WarehouseDeployer(warehouse.Database, settings).DeployAsync();
            var source = new SourceSettings
            {
                BaseUrl = server.BaseAddress.ToString(), Token = "contract-token", Lookback = TimeSpan.Zero,
                Http = new HttpSettings { RequestsPerSecond = 1000, MaxRetries = 0, AttemptTimeout = TimeSpan.FromSeconds(10), TotalTimeout = TimeSpan.FromSeconds(60) },
            };
            using var zendesk = new ZendeskSource(source);
            await new SourcePipeline(warehouse.Database, settings).RunAsync(zendesk, CancellationToken.None);
            lock (server.Exchanges) return [.. server.Exchanges];
        }
        finally
        {
            if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        }
    }
}
