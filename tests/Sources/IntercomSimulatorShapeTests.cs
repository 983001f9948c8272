using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Warehouse.Tests.Fixtures;
using Warehouse.Tests.Helpdesk;

namespace Warehouse.Tests.Sources;

/// <summary>
/// The Intercom simulator against the recorded real answers in ../shared/samples/real/nango_recorded_api_responses/intercom:
/// the same envelopes, every field it sends present in the real records with the same JSON kind, and the same paging
/// object (pages with page, per_page, total_pages and, while there is more, next.starting_after).
/// </summary>
public sealed class IntercomSimulatorShapeTests
{
    private static readonly string Recordings = Path.Combine(RepositoryFolders.RealSamples, "nango_recorded_api_responses", "intercom");

    private static async Task<(IntercomTestSource Desk, HttpClient Http)> StartAsync()
    {
        var desk = await IntercomTestSource.StartAsync();
        IntercomScenario.Fill(desk);
        desk.Server.Intercom["teams"] = Warehouse.Etl.Simulation.ApiRecordSet.FromJson(desk.Teams);
        desk.Server.Intercom["admins"] = Warehouse.Etl.Simulation.ApiRecordSet.FromJson(desk.Admins);
        desk.Server.Intercom["contacts"] = Warehouse.Etl.Simulation.ApiRecordSet.FromJson(desk.Contacts);
        desk.Server.Intercom["conversations"] = Warehouse.Etl.Simulation.ApiRecordSet.FromJson(desk.Conversations);
        var http = new HttpClient { BaseAddress = desk.Server.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "shape-token");
        return (desk, http);
    }

    [TestCase("conversations/search", "search-conversations__POST_conversations_search.json", "conversations")]
    [TestCase("contacts/search", "search-contacts__POST_contacts_search.json", "data")]
    public async Task A_search_answers_in_the_envelope_and_record_shape_of_the_real_service(string path, string recording, string list)
    {
        var (desk, http) = await StartAsync();
        await using var _ = desk;
        using var __ = http;
        using var answer = await http.PostAsync(path, new StringContent("""{"query":{"field":"updated_at","operator":">","value":0},"pagination":{"per_page":1}}""", Encoding.UTF8, "application/json"));
        using var simulated = JsonDocument.Parse(await answer.Content.ReadAsStringAsync());
        using var real = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Recordings, recording)));

        SimulatorShapeTests.AssertEnvelope(simulated.RootElement, real.RootElement);
        SimulatorShapeTests.AssertRecords(simulated.RootElement.GetProperty(list), real.RootElement.GetProperty(list), list);
        var pages = simulated.RootElement.GetProperty("pages");
        Assert.That((pages.GetProperty("type").GetString(), pages.GetProperty("page").GetInt32(), pages.GetProperty("per_page").GetInt32()), Is.EqualTo(("pages", 1, 1)));
        Assert.That(pages.GetProperty("next").GetProperty("starting_after").GetString(), Is.Not.Empty, "more than one record: a next cursor");
        Assert.That(simulated.RootElement.GetProperty(list).EnumerateArray().All(r => !r.TryGetProperty("conversation_parts", out var __)), Is.True, "search results carry no parts");
    }

    [Test]
    public async Task A_conversation_answers_with_its_parts_in_the_shape_of_the_real_service()
    {
        var (desk, http) = await StartAsync();
        await using var _ = desk;
        using var __ = http;
        using var simulated = JsonDocument.Parse(await http.GetStringAsync("conversations/1002"));
        using var real = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Recordings, "conversation-parts__GET_conversations_215474207175846.json")));
        using var other = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Recordings, "conversation-parts__GET_conversations_215474207061545.json")));

        SimulatorShapeTests.AssertRecords(JsonSerializer.SerializeToElement(new[] { simulated.RootElement }), JsonSerializer.SerializeToElement(new[] { real.RootElement, other.RootElement }), "conversation");
        var parts = simulated.RootElement.GetProperty("conversation_parts");
        Assert.That((parts.GetProperty("type").GetString(), parts.GetProperty("total_count").GetInt32()), Is.EqualTo(("conversation_part.list", 6)));
    }

    [Test]
    public async Task A_request_without_a_token_is_refused_as_intercom_refuses_it()
    {
        var (desk, http) = await StartAsync();
        await using var _ = desk;
        using var __ = http;
        http.DefaultRequestHeaders.Authorization = null;

        using var answer = await http.GetAsync("admins");

        Assert.That((int)answer.StatusCode, Is.EqualTo(401));
        using var body = JsonDocument.Parse(await answer.Content.ReadAsStringAsync());
        Assert.That((body.RootElement.GetProperty("type").GetString(), body.RootElement.GetProperty("errors")[0].GetProperty("code").GetString()), Is.EqualTo(("error.list", "unauthorized")));
    }
}
