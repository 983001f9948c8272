using System.Net;
using LinqToDB.Data;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Xml;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OData;
using Microsoft.OData.Edm;
using Microsoft.OData.Edm.Csdl;
using Warehouse.Engines;
using Warehouse.Jobs;
using Warehouse.Jobs.Host;
using Warehouse.Kpis;
using Warehouse.Tests.Fixtures;
using Warehouse.Tests.Kpis;

namespace Warehouse.Tests.Jobs;

/// <summary>The OData feed as Excel and Power BI use it: real HTTP against the running host, Basic authentication.</summary>
public sealed class ODataFeedTests(EngineKind engine) : KpiTestBase(engine)
{
    private const string User = "analyst";
    private const string Password = "feed-pass-42";
    private static readonly DateTime FirstDay = new(2025, 1, 1, 12, 0, 0);

    // 600 days with one order each: day d has AOV 10 + d. Targets make the scorecard's AOV status known.
    private async Task<WebApplication> StartHostAsync(Dictionary<string, string?>? extra = null)
    {
        await ArrangeAsync(async f =>
        {
            await f.CustomerAsync(1, "c1", "retail");
            for (var d = 0; d < 600; d++) await f.OrderLineAsync($"o{d}", 1, FirstDay.AddDays(d), 1, 10m + d);
        });
        await KpiTargets.SaveAsync(Database, [new KpiThreshold { Kpi = "aov", Target = 700, Warning = 650, Critical = 100 }]);
        var settings = new Dictionary<string, string?>
        {
            ["Warehouse:Engine"] = Engine.ToString(),
            ["ConnectionStrings:Warehouse"] = Database.ConnectionString,
            ["Dashboard:User"] = User,
            ["Dashboard:Password"] = Password,
            ["Sources:Shopify:Enabled"] = "false", ["Sources:Zendesk:Enabled"] = "false", ["Sources:HubSpot:Enabled"] = "false", ["Sources:Files:Enabled"] = "false",
        };
        foreach (var (key, value) in extra ?? []) settings[key] = value;
        var host = new HostConfiguration(HostConfiguration.Load(settings));
        var app = JobsWebHost.Build(host, "http://127.0.0.1:0");
        await app.StartAsync();
        return app;
    }

    private static async Task<JsonDocument> GetJsonAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{path}: {body}");
        return JsonDocument.Parse(body);
    }

    private static HttpClient Client(WebApplication app, string? credentials)
    {
        var http = new HttpClient { BaseAddress = new Uri(HostAddress.Of(app), "odata/") };
        if (credentials is not null) http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        return http;
    }

    [Test]
    public async Task Requests_without_the_configured_credentials_get_401_even_from_the_local_machine()
    {
        await using var app = await StartHostAsync();
        foreach (var credentials in new[] { null, $"{User}:wrong", $"someone:{Password}" })
        {
            using var http = Client(app, credentials);
            foreach (var path in new[] { "kpi_scorecard", "$metadata", "" })
            {
                using var response = await http.GetAsync(path);
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), $"{credentials ?? "anonymous"} {path}");
                Assert.That(response.Headers.WwwAuthenticate.ToString(), Does.StartWith("Basic"));
            }
        }

        await app.StopAsync();
    }

    [Test]
    public async Task An_authorised_client_filters_a_view_and_pages_through_it_with_next_links()
    {
        await using var app = await StartHostAsync();
        using var http = Client(app, $"{User}:{Password}");

        var values = new List<(string Period, double Value)>();
        var pages = 0;
        string? next = "kpi_value?$filter=kpi_code eq 'aov' and grain eq 'day' and slice_name eq 'all'&$orderby=period_start&$select=period_start,value&$count=true";
        while (next is not null)
        {
            using var page = await GetJsonAsync(http, next);
            pages++;
            if (pages == 1) Assert.That(page.RootElement.GetProperty("@odata.count").GetInt32(), Is.EqualTo(600));
            foreach (var row in page.RootElement.GetProperty("value").EnumerateArray())
            {
                Assert.That(row.EnumerateObject().Select(p => p.Name).Where(n => !n.StartsWith('@')), Is.EquivalentTo(new[] { "period_start", "value" }));
                values.Add((row.GetProperty("period_start").GetString()!, row.GetProperty("value").GetDouble()));
            }

            next = page.RootElement.TryGetProperty("@odata.nextLink", out var link) ? link.GetString() : null;
        }

        Assert.That(pages, Is.EqualTo(2), "500 rows per page");
        Assert.That(values, Has.Count.EqualTo(600));
        Assert.That(values.Select(v => v.Value), Is.EqualTo(Enumerable.Range(0, 600).Select(d => 10.0 + d)));
        Assert.That(values[0].Period, Is.EqualTo("2025-01-01"));
        Assert.That(values[^1].Period, Is.EqualTo(DateOnly.FromDateTime(FirstDay.AddDays(599)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));

        // The scorecard's current month is August 2026: days 577-599, 23 orders of 587 to 609, AOV 598: below the warning level 650.
        using var scorecard = await GetJsonAsync(http, ("kpi_scorecard?$filter=kpi_code eq 'aov'&$select=kpi_name,month_start,current_value,status"));
        var aov = scorecard.RootElement.GetProperty("value").EnumerateArray().Single();
        Assert.That(aov.GetProperty("kpi_name").GetString(), Is.EqualTo(KpiCatalogue.Find("aov").Name));
        Assert.That(aov.GetProperty("month_start").GetString(), Is.EqualTo("2026-08-01"));
        Assert.That(aov.GetProperty("current_value").GetDouble(), Is.EqualTo(Enumerable.Range(577, 23).Average(d => 10.0 + d)).Within(1e-9));
        Assert.That(aov.GetProperty("status").GetString(), Is.EqualTo("warning"));
        // A query naming a column the view lacks is refused with the reason.
        using var bad = await http.GetAsync("kpi_value?$filter=no_such_column eq 1");
        var reason = await bad.Content.ReadAsStringAsync();
        Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(reason, Does.Contain("Could not find a property named 'no_such_column'"));
        Assert.That(reason, Does.Not.Contain("stacktrace").IgnoreCase.And.Not.Contain("innererror").And.Not.Contain(" at Microsoft."), "no stack trace in the answer");
        // A division by zero fails in PostgreSQL (DuckDB gives no error): a 400 with the database's reason, not an empty 500.
        if (Engine == EngineKind.PostgreSql)
        {
            using var divided = await http.GetAsync("kpi_value?$filter=numerator div (denominator sub denominator) gt 1");
            var divisionReason = await divided.Content.ReadAsStringAsync();
            Assert.That(divided.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), divisionReason);
            Assert.That(divisionReason, Does.Contain("The query could not be evaluated").And.Contain("division by zero").And.Not.Contain(" at "));
        }
        await app.StopAsync();
    }

    [Test]
    public async Task A_client_reads_one_row_by_key_counts_a_set_and_is_told_plainly_which_options_the_feed_supports()
    {
        await using var app = await StartHostAsync();
        using var http = Client(app, $"{User}:{Password}");

        using (var aov = await GetJsonAsync(http, "kpi_scorecard('aov')"))
        {
            Assert.That(aov.RootElement.GetProperty("kpi_code").GetString(), Is.EqualTo("aov"));
            Assert.That(aov.RootElement.GetProperty("status").GetString(), Is.EqualTo("warning"));
        }

        using (var missing = await http.GetAsync("kpi_scorecard('no_such_kpi')")) Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));

        using var count = await http.GetAsync("kpi_value/$count?$filter=kpi_code eq 'aov' and grain eq 'day' and slice_name eq 'all'");
        Assert.That(count.StatusCode, Is.EqualTo(HttpStatusCode.OK), await count.Content.ReadAsStringAsync());
        Assert.That((await count.Content.ReadAsStringAsync()).Trim(), Is.EqualTo("600"), "one AOV value per day");

        using var apply = await http.GetAsync("kpi_value?$apply=groupby((kpi_code))");
        var reason = await apply.Content.ReadAsStringAsync();
        Assert.That(apply.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(reason, Does.Contain("The query option '$apply' is not supported by this feed; it supports $filter, $select, $orderby, $top, $skip, $count"));
        Assert.That(reason, Does.Not.Contain("EnableQueryAttribute").And.Not.Contain("AllowedQueryOptions"), "no server internals");

        using var catalogue = await GetJsonAsync(http, "kpi_catalogue('nps')");
        Assert.That(catalogue.RootElement.GetProperty("kpi_name_ru").GetString(), Is.EqualTo(Warehouse.Kpis.Text.KpiText.Name("nps", "", Warehouse.Kpis.Text.KpiText.Culture("ru"))));
        Assert.That(catalogue.RootElement.GetProperty("kpi_name_fa").GetString(), Is.EqualTo(Warehouse.Kpis.Text.KpiText.Name("nps", "", Warehouse.Kpis.Text.KpiText.Culture("fa"))).And.Not.Empty);
        Assert.That(catalogue.RootElement.GetProperty("description_fa").GetString(), Is.Not.Empty);
        await app.StopAsync();
    }

    /// <summary>
    /// On PostgreSQL: a feed query held up by a lock takes the only permit, so the next request is told to retry
    /// (503, Retry-After); when its client gives up, the query stops in the database, and the permit is free again.
    /// </summary>
    [Test]
    public async Task Feed_queries_take_turns_and_a_query_whose_client_left_stops_in_the_database()
    {
        if (Engine != EngineKind.PostgreSql) Assert.Ignore("DuckDB runs in the process: nothing is left running in a server");
        await using var app = await StartHostAsync(new() { ["Feed:MaxConcurrentQueries"] = "1", ["Feed:QueueLimit"] = "0" });
        using var http = Client(app, $"{User}:{Password}");
        await using var locker = Database.Open();
        await using var monitor = Database.Open();
        async Task<int> FeedQueriesRunningAsync() => await monitor.ExecuteAsync<int>(
            "SELECT COUNT(*)::int FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'active' AND query ILIKE '%kpi_value%' AND query NOT ILIKE '%pg_stat_activity%'");

        await using (var transaction = await locker.BeginTransactionAsync())
        {
            await locker.ExecuteAsync("LOCK TABLE kpi.kpi_value IN ACCESS EXCLUSIVE MODE");
            using var leaving = new CancellationTokenSource();
            var held = http.GetAsync("kpi_value?$count=true", leaving.Token);
            for (var i = 0; i < 100 && await FeedQueriesRunningAsync() == 0; i++) await Task.Delay(100);
            Assert.That(await FeedQueriesRunningAsync(), Is.EqualTo(1), "the first query waits on the lock");

            using (var busy = await http.GetAsync("kpi_scorecard"))
            {
                Assert.That(busy.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
                Assert.That(busy.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(5)));
                Assert.That(await busy.Content.ReadAsStringAsync(), Does.Contain("retry in a few seconds"));
            }

            await leaving.CancelAsync();
            Assert.CatchAsync<OperationCanceledException>(() => held);
            for (var i = 0; i < 100 && await FeedQueriesRunningAsync() > 0; i++) await Task.Delay(100);
            Assert.That(await FeedQueriesRunningAsync(), Is.Zero, "the abandoned query was cancelled while the lock is still held");
            await transaction.RollbackAsync();
        }

        using var doc = await GetJsonAsync(http, "kpi_value?$count=true&$top=1");
        Assert.That(doc.RootElement.GetProperty("@odata.count").GetInt32(), Is.GreaterThan(0), "the permit is free again");
        await app.StopAsync();
    }

    [Test]
    public async Task An_odata_client_starts_at_the_service_document_reads_the_metadata_and_then_an_entity_set()
    {
        await using var app = await StartHostAsync();
        using var http = Client(app, $"{User}:{Password}");
        var root = new Uri(HostAddress.Of(app), "odata/");

        IEdmModel model;
        using (var metadata = await http.GetAsync("$metadata"))
        {
            Assert.That(metadata.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            using var xml = XmlReader.Create(await metadata.Content.ReadAsStreamAsync());
            model = CsdlReader.Parse(xml);
        }

        // Where Excel's and Power BI's connectors start: the service document lists the entity sets (read with the model, as the library requires).
        using (var service = await http.GetAsync(""))
        {
            Assert.That(service.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            using var reader = new ODataMessageReader(await ODataResponse.ReadAsync(service), new ODataMessageReaderSettings { BaseUri = root }, model);
            var document = await reader.ReadServiceDocumentAsync();
            Assert.That(document.EntitySets.Select(e => e.Name), Is.EquivalentTo(FeedSets));
        }

        Assert.That(model.EntityContainer.EntitySets().Select(e => e.Name), Is.EquivalentTo(FeedSets));
        var scorecardSet = model.EntityContainer.FindEntitySet("kpi_scorecard");
        Assert.That(scorecardSet.EntityType.Key().Select(k => k.Name), Is.EqualTo(new[] { "kpi_code" }));

        using var answer = await http.GetAsync("kpi_scorecard?$filter=kpi_code eq 'aov'");
        using var rows = new ODataMessageReader(await ODataResponse.ReadAsync(answer), new ODataMessageReaderSettings { BaseUri = root }, model);
        var setReader = await rows.CreateODataResourceSetReaderAsync(scorecardSet, scorecardSet.EntityType);
        var resources = new List<ODataResource>();
        while (await setReader.ReadAsync())
        {
            if (setReader.State == ODataReaderState.ResourceEnd) resources.Add((ODataResource)setReader.Item);
        }

        var aov = resources.Single().Properties.OfType<ODataProperty>().ToDictionary(p => p.Name, p => p.Value);
        Assert.That(aov["kpi_code"], Is.EqualTo("aov"));
        Assert.That(aov["status"], Is.EqualTo("warning"));
        Assert.That((double)aov["current_value"], Is.EqualTo(Enumerable.Range(577, 23).Average(d => 10.0 + d)).Within(1e-9));
        await app.StopAsync();
    }

    private static readonly string[] FeedSets = ["kpi_scorecard", "kpi_trend", "kpi_value", "kpi_catalogue"];

    /// <summary>An HTTP answer as the OData library's reader takes it: headers and the body's bytes.</summary>
    private sealed class ODataResponse : IODataResponseMessageAsync
    {
        private readonly Dictionary<string, string> headers = new(StringComparer.OrdinalIgnoreCase);
        private byte[] body = [];

        public static async Task<ODataResponse> ReadAsync(HttpResponseMessage response)
        {
            var message = new ODataResponse { StatusCode = (int)response.StatusCode, body = await response.Content.ReadAsByteArrayAsync() };
            foreach (var (name, values) in response.Headers.Concat(response.Content.Headers)) message.headers[name] = string.Join(",", values);
            return message;
        }

        public IEnumerable<KeyValuePair<string, string>> Headers => headers;

        public int StatusCode { get; set; }

        public string? GetHeader(string headerName) => headers.GetValueOrDefault(headerName);

        public void SetHeader(string headerName, string headerValue) => headers[headerName] = headerValue;

        public Stream GetStream() => new MemoryStream(body, writable: false);

        public Task<Stream> GetStreamAsync() => Task.FromResult(GetStream());
    }
}
