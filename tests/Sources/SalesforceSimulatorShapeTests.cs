using System.Net.Http.Headers;
using System.Text.Json;
using Warehouse.Etl.Landing;
using Warehouse.Etl.Simulation;
using Warehouse.Tests.Fixtures;
using static Warehouse.Tests.Fixtures.SalesforceRecords;

namespace Warehouse.Tests.Sources;

/// <summary>
/// The Salesforce simulator against the recorded real answers in ../shared/samples/real/nango_recorded_api_responses/salesforce:
/// the same query envelope (totalSize, done, nextRecordsUrl while there is more, records), every field it sends present
/// in the real records with the same JSON kind, and the same shape of nextRecordsUrl; the real records' times read as
/// the connector reads them.
/// </summary>
public sealed class SalesforceSimulatorShapeTests
{
    private static readonly string Recordings = Path.Combine(RepositoryFolders.RealSamples, "nango_recorded_api_responses", "salesforce");
    private static readonly DateTime March = new(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);

    private static async Task<(SalesforceTestSource Org, HttpClient Http)> StartAsync()
    {
        var org = await SalesforceTestSource.StartAsync();
        org.Simulator.Records["Account"] = ApiRecordSet.FromJson([Account("001A1", "Acme Corp", March, "www.acme.example"), Account("001A2", "Globex", March.AddHours(1))], "SystemModstamp");
        org.Simulator.Records["Opportunity"] = ApiRecordSet.FromJson([Opportunity("006O1", March, "005U1", "Qualification", amount: 15000m), Opportunity("006O2", March.AddHours(1), "005U1", "Closed Won", closed: March.AddDays(3), won: true)], "SystemModstamp");
        org.Simulator.Records["Contact"] = ApiRecordSet.FromJson([Contact("003C1", "rose@edge.example", March, "001A1"), Contact("003C2", null, March.AddHours(2))], "SystemModstamp");
        org.Simulator.Records["User"] = ApiRecordSet.FromJson([User("005U1", "Olga", "Inbound", March), User("005U2", "Pablo", "Enterprise", March.AddHours(1))], "SystemModstamp");
        org.Simulator.BatchSize = 1;
        var http = new HttpClient { BaseAddress = org.Server.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "shape-token");
        return (org, http);
    }

    [TestCase("SELECT Id, Name, Website, CreatedDate, SystemModstamp FROM Account", "accounts__GET_services_data_v59_0_query.json")]
    [TestCase("SELECT Id, Amount, StageName, CloseDate, OwnerId, SystemModstamp FROM Opportunity", "opportunities__GET_services_data_v59_0_query.json")]
    [TestCase("SELECT Id, Email, AccountId, CreatedDate, SystemModstamp FROM Contact", "contacts__GET_services_data_v59_0_query.json")]
    [TestCase("SELECT Id, IsActive, SystemModstamp FROM User", "users__GET_services_data_v59_0_query.json")]
    public async Task A_query_answers_in_the_envelope_and_record_shape_of_the_real_service(string soql, string recording)
    {
        var (org, http) = await StartAsync();
        await using var _ = org;
        using var __ = http;
        using var simulated = JsonDocument.Parse(await http.GetStringAsync("services/data/v62.0/queryAll?q=" + Uri.EscapeDataString(soql + " ORDER BY SystemModstamp ASC, Id ASC")));
        using var real = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Recordings, recording)));
        using var paged = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Recordings, "accounts__GET_services_data_v59_0_query.json")));

        SimulatorShapeTests.AssertEnvelope(simulated.RootElement, paged.RootElement);
        SimulatorShapeTests.AssertRecords(simulated.RootElement.GetProperty("records"), real.RootElement.GetProperty("records"), recording);
        Assert.That(simulated.RootElement.GetProperty("done").GetBoolean(), Is.False);
        // Real: "/services/data/v59.0/query/0r8xx5R2yF2gs3VASQ-2000": the query path, a locator, a dash and the offset.
        Assert.That(simulated.RootElement.GetProperty("nextRecordsUrl").GetString(), Does.Match(@"^/services/data/v\d+\.\d/query/[0-9A-Za-z]+-\d+$"));
        Assert.That(paged.RootElement.GetProperty("nextRecordsUrl").GetString(), Does.Match(@"^/services/data/v\d+\.\d/query/[0-9A-Za-z]+-\d+$"));

        var next = simulated.RootElement.GetProperty("nextRecordsUrl").GetString()!.TrimStart('/');
        using var last = JsonDocument.Parse(await http.GetStringAsync(next));
        using var realLast = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Recordings, "accounts__GET_services_data_v59_0_query_0r8xx5R2yF2gs3VASQ_2000.json")));
        SimulatorShapeTests.AssertEnvelope(last.RootElement, realLast.RootElement);
        Assert.That(last.RootElement.GetProperty("done").GetBoolean(), Is.True);
    }

    [TestCase("accounts__GET_services_data_v59_0_query.json")]
    [TestCase("opportunities__GET_services_data_v59_0_query.json")]
    [TestCase("contacts__GET_services_data_v59_0_query.json")]
    [TestCase("users__GET_services_data_v59_0_query.json")]
    public async Task The_real_records_times_read_as_utc_watermarks(string recording)
    {
        using var real = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Recordings, recording)));
        foreach (var record in real.RootElement.GetProperty("records").EnumerateArray())
        {
            var text = record.GetProperty("SystemModstamp").GetString()!;
            Assert.That(text, Does.Match(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$"), "the real format");
            Assert.That(Watermark.Of(record, "SystemModstamp"), Is.EqualTo(text[..23] + "Z"), "read as the same instant in UTC");
        }
    }

    [Test]
    public async Task Errors_are_lists_of_message_and_error_code_as_the_service_answers_them()
    {
        var (org, http) = await StartAsync();
        await using var _ = org;
        using var __ = http;

        using var field = await http.GetAsync("services/data/v62.0/queryAll?q=" + Uri.EscapeDataString("SELECT Id, Nope FROM Account"));
        using var expired = new HttpClient { BaseAddress = org.Server.BaseAddress };
        using var session = await expired.GetAsync("services/data/v62.0/sobjects/Account/describe");
        using var missing = await http.GetAsync("services/data/v62.0/sobjects/Case/describe");

        Assert.That(((int)field.StatusCode, ErrorCode(await field.Content.ReadAsStringAsync())), Is.EqualTo((400, "INVALID_FIELD")));
        Assert.That(((int)session.StatusCode, ErrorCode(await session.Content.ReadAsStringAsync())), Is.EqualTo((401, "INVALID_SESSION_ID")));
        Assert.That(((int)missing.StatusCode, ErrorCode(await missing.Content.ReadAsStringAsync())), Is.EqualTo((404, "NOT_FOUND")));
        Assert.That(field.Headers.GetValues("Sforce-Limit-Info").Single(), Does.Match(@"^api-usage=\d+/100000$"));
    }

    private static string? ErrorCode(string body)
    {
        using var json = JsonDocument.Parse(body);
        return json.RootElement[0].GetProperty("errorCode").GetString();
    }
}
