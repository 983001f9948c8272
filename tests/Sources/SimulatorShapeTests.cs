using System.Net.Http.Json;
using System.Text.Json;
using Warehouse.Etl.Demo;
using Warehouse.Jobs.Commands;
using Warehouse.Jobs.Demo;
using Warehouse.Tests.Fixtures;

namespace Warehouse.Tests.Sources;

/// <summary>
/// The loopback simulators (the demo's Shopify, Zendesk and HubSpot servers, which the tests use too) answer in
/// the services' own shapes: each answer is compared with a recorded real response of the same endpoint
/// (../shared/samples/real): the same envelope keys, and every field the simulator sends exists in the real
/// record with the same JSON type (null on either side is allowed: a real record leaves many fields empty).
/// </summary>
public sealed class SimulatorShapeTests
{
    private static readonly string Samples = RepositoryFolders.RealSamples;
    private string data = null!;
    private LoopbackApiServer server = null!;
    private HttpClient http = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        if (!Directory.Exists(Samples)) Assert.Fail($"The recorded real responses are not at {Samples} (../shared/samples/real beside the project).");
        data = Path.Combine(Path.GetTempPath(), "shapes-" + Guid.NewGuid().ToString("N")[..8]);
        await DemoDataSet.WriteAsync(data, new DemoOptions { Scale = 0.003 });
        server = await DemoCommand.StartApiAsync(data, CancellationToken.None);
        http = new HttpClient { BaseAddress = server.BaseAddress };
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        http.Dispose();
        await server.DisposeAsync();
        Directory.Delete(data, recursive: true);
    }

    [TestCase("admin/api/2024-10/orders.json?status=any&limit=5", "shopify_admin_rest_fixtures/fixtures/orders.json|shopify_admin_rest_fixtures/fixtures/order.json#order|nango_recorded_api_responses/shopify/close-order__POST_admin_api_2025_01_orders_7585349042313_close_json.json#order", "orders")]
    [TestCase("admin/api/2024-10/checkouts.json?limit=5", "shopify_admin_rest_fixtures/fixtures/checkouts.json", "checkouts")]
    [TestCase("admin/api/2024-10/customers.json?limit=5", "shopify_admin_rest_fixtures/fixtures/customers_search.json", "customers")]
    [TestCase("api/v2/incremental/users/cursor.json?start_time=0", "nango_recorded_api_responses/zendesk/users__GET_api_v2_incremental_users_cursor_0.json", "users")]
    [TestCase("api/v2/ticket_audits.json?page%5Bsize%5D=5", "zenpy_zendesk_api_recordings/ticket_audits_page1.json", "audits")]
    [TestCase("crm/v3/objects/contacts?limit=5", "nango_recorded_api_responses/hubspot/list-contacts__GET_crm_v3_objects_contacts.json", "results")]
    [TestCase("crm/v3/objects/deals?limit=5", "nango_recorded_api_responses/hubspot/list-deals__GET_crm_v3_objects_deals.json", "results")]
    [TestCase("crm/v3/objects/companies?limit=5", "nango_recorded_api_responses/hubspot/list-companies__GET_crm_v3_objects_companies.json", "results")]
    public async Task A_list_answers_in_the_envelope_and_record_shape_of_the_real_service(string request, string recording, string list)
    {
        using var simulated = JsonDocument.Parse(await http.GetStringAsync(request));
        // The first recording is a list page; more recordings (file#key of a single record) add real records.
        var files = recording.Split('|');
        using var real = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Samples, files[0])));
        var records = real.RootElement.GetProperty(list).EnumerateArray().ToList();
        foreach (var more in files.Skip(1).Select(f => f.Split('#')))
        {
            records.Add(JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Samples, more[0]))).RootElement.GetProperty(more[1]));
        }

        AssertEnvelope(simulated.RootElement, real.RootElement);
        AssertRecords(simulated.RootElement.GetProperty(list), JsonSerializer.SerializeToElement(records), list);
    }

    [Test]
    public async Task The_incremental_ticket_export_answers_in_the_cursor_envelope_with_real_ticket_records()
    {
        using var simulated = JsonDocument.Parse(await http.GetStringAsync("api/v2/incremental/tickets/cursor.json?start_time=0"));
        // Zendesk documents one cursor envelope for every incremental export; the recording is the users' one.
        using var envelope = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Samples, "nango_recorded_api_responses/zendesk/users__GET_api_v2_incremental_users_cursor_0.json")));
        using var tickets = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Samples, "zenpy_zendesk_api_recordings/tickets_page_size_100.json")));

        Assert.That(Keys(simulated.RootElement).Select(k => k.Replace("tickets", "users", StringComparison.Ordinal)), Is.EquivalentTo(Keys(envelope.RootElement)));
        AssertRecords(simulated.RootElement.GetProperty("tickets"), tickets.RootElement.GetProperty("tickets"), "tickets");
    }

    [Test]
    public async Task The_crm_search_answers_with_total_results_and_paging_as_recorded()
    {
        using var response = await http.PostAsJsonAsync("crm/v3/objects/deals/search", new
        {
            filterGroups = new[] { new { filters = new[] { new { propertyName = "hs_lastmodifieddate", @operator = "GTE", value = "0" } } } },
            limit = 3,
        });
        using var simulated = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        using var real = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Samples, "nango_recorded_api_responses/hubspot/search-deals__POST_crm_v3_objects_deals_search.json")));

        AssertEnvelope(simulated.RootElement, real.RootElement);
        Assert.That(simulated.RootElement.GetProperty("total").ValueKind, Is.EqualTo(JsonValueKind.Number));
        AssertRecords(simulated.RootElement.GetProperty("results"), real.RootElement.GetProperty("results"), "results");
    }

    [Test]
    public async Task A_checkout_completed_at_once_is_not_in_the_abandoned_list()
    {
        var listed = new HashSet<long>();
        string? next = "admin/api/2024-10/checkouts.json?limit=250";
        while (next is not null)
        {
            using var answer = await http.GetAsync(next);
            using var page = JsonDocument.Parse(await answer.Content.ReadAsStringAsync());
            foreach (var checkout in page.RootElement.GetProperty("checkouts").EnumerateArray()) listed.Add(checkout.GetProperty("id").GetInt64());
            next = answer.Headers.TryGetValues("Link", out var link) ? link.Single().Split('<', '>')[1] : null;
        }

        var stored = File.ReadLines(Path.Combine(data, "api", "shopify", "checkouts.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var abandoned = stored.Where(c => c.GetProperty("abandoned_checkout_url").ValueKind == JsonValueKind.String).Select(c => c.GetProperty("id").GetInt64()).ToHashSet();
        Assert.That(abandoned.Count, Is.LessThan(stored.Count), "the store also holds completed checkouts");
        Assert.That(listed, Is.EquivalentTo(abandoned));
    }

    [Test]
    public async Task A_graphql_page_answers_in_the_envelope_cost_and_connection_shape_of_the_real_service()
    {
        // The recording is a customer-segments page; its connection, cursors, page info and cost extension are the
        // shapes every GraphQL Admin API page shares (shopify.dev/docs/api/usage/pagination-graphql, .../usage/limits).
        using var answer = await http.PostAsJsonAsync("admin/api/2026-07/graphql.json", new
        {
            query = "query Page($first: Int!) { customers(first: $first, sortKey: UPDATED_AT) { edges { cursor node { id } } pageInfo { hasNextPage } } }",
            variables = new { first = 3 },
        });
        using var simulated = JsonDocument.Parse(await answer.Content.ReadAsStringAsync());
        using var real = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Samples, "nango_recorded_api_responses/shopify/list-customer-segments__POST_admin_api_2025_10_graphql_json.json")));
        AssertEnvelope(simulated.RootElement, real.RootElement);
        var problems = new List<string>();
        Compare(simulated.RootElement.GetProperty("extensions"), real.RootElement.GetProperty("extensions"), "extensions", problems);
        Compare(simulated.RootElement.GetProperty("data").GetProperty("customers"), real.RootElement.GetProperty("data").GetProperty("segments"), "data.customers", problems);
        Assert.That(problems, Is.Empty, "fields the real service does not send in that form");
        var cost = simulated.RootElement.GetProperty("extensions").GetProperty("cost");
        Assert.That(Keys(cost.GetProperty("throttleStatus")), Is.EquivalentTo(new[] { "maximumAvailable", "currentlyAvailable", "restoreRate" }));
        Assert.That(cost.GetProperty("requestedQueryCost").GetInt32(), Is.EqualTo(2 + 3 * 1), "a connection costs 2 plus first × its node (an object: 1)");
        Assert.That(simulated.RootElement.GetProperty("data").GetProperty("customers").GetProperty("edges").GetArrayLength(), Is.EqualTo(3));
    }

    /// <summary>The same top-level keys, but paging keys the real page lacks on its last page are allowed.</summary>
    internal static void AssertEnvelope(JsonElement simulated, JsonElement real)
    {
        var optional = new HashSet<string>(StringComparer.Ordinal) { "paging" };
        Assert.That(Keys(simulated).Where(k => !optional.Contains(k)), Is.EquivalentTo(Keys(real).Where(k => !optional.Contains(k))), "envelope keys");
    }

    internal static void AssertRecords(JsonElement simulated, JsonElement real, string path)
    {
        Assert.That(simulated.GetArrayLength(), Is.GreaterThan(0), $"{path}: the simulator returned no record to compare");
        Assert.That(real.GetArrayLength(), Is.GreaterThan(0), $"{path}: the recording has no record");
        var problems = new List<string>();
        foreach (var record in simulated.EnumerateArray()) Compare(record, Union(real.EnumerateArray()), path + "[]", problems);
        Assert.That(problems.Distinct().ToList(), Is.Empty, $"{path}: fields the real service does not send in that form");
    }

    /// <summary>Fields a recording lacks because its request did not ask for them, each with the page that documents it.</summary>
    private static readonly Dictionary<string, string> Documented = new(StringComparer.Ordinal)
    {
        ["results[].associations"] = "returned when the request names associations (developers.hubspot.com/docs/guides/crm/using-object-apis)",
    };

    /// <summary>Every property the simulator sends exists in the real record, with a compatible type.</summary>
    private static void Compare(JsonElement simulated, JsonElement real, string path, List<string> problems)
    {
        if (simulated.ValueKind == JsonValueKind.Null || real.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined) return;
        if (path.EndsWith(".properties", StringComparison.Ordinal) && simulated.ValueKind == JsonValueKind.Object)
        {
            // HubSpot returns the properties a request names: any name, each value a string (or null).
            foreach (var property in simulated.EnumerateObject().Where(p => p.Value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null)))
            {
                problems.Add($"{path}.{property.Name}: simulator sends {property.Value.ValueKind}, HubSpot sends every property as a string");
            }

            return;
        }

        if (Kind(simulated) != Kind(real))
        {
            problems.Add($"{path}: simulator sends {simulated.ValueKind}, the service {real.ValueKind}");
            return;
        }

        if (simulated.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in simulated.EnumerateObject())
            {
                if (!real.TryGetProperty(property.Name, out var twin))
                {
                    if (!Documented.ContainsKey($"{path}.{property.Name}")) problems.Add($"{path}.{property.Name}: not a field of the real record");
                }
                else Compare(property.Value, twin, $"{path}.{property.Name}", problems);
            }
        }
        else if (simulated.ValueKind == JsonValueKind.Array && real.GetArrayLength() > 0)
        {
            var union = Union(real.EnumerateArray());
            foreach (var item in simulated.EnumerateArray()) Compare(item, union, path + "[]", problems);
        }
    }

    /// <summary>The real records merged into one: a field present (and not null) in any of them counts.</summary>
    private static JsonElement Union(IEnumerable<JsonElement> records)
    {
        var list = records.ToList();
        if (list.Any(r => r.ValueKind != JsonValueKind.Object)) return list.FirstOrDefault(r => r.ValueKind != JsonValueKind.Null);
        var merged = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var record in list)
        {
            foreach (var property in record.EnumerateObject())
            {
                var value = property.Value;
                if (!merged.TryGetValue(property.Name, out var known) || known.ValueKind == JsonValueKind.Null) merged[property.Name] = value;
                else if (known.ValueKind == JsonValueKind.Object && value.ValueKind == JsonValueKind.Object) merged[property.Name] = Union([known, value]);
                else if (known.ValueKind == JsonValueKind.Array && value.ValueKind == JsonValueKind.Array)
                {
                    merged[property.Name] = JsonSerializer.SerializeToElement(known.EnumerateArray().Concat(value.EnumerateArray()).ToList());
                }
            }
        }

        return JsonSerializer.SerializeToElement(merged);
    }

    private static string Kind(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.True or JsonValueKind.False => "bool",
        var kind => kind.ToString(),
    };

    private static IEnumerable<string> Keys(JsonElement element) => element.EnumerateObject().Select(p => p.Name);
}
