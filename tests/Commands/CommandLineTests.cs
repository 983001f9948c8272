using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using LinqToDB.Data;
using Microsoft.SqlServer.Dac;
using Microsoft.SqlServer.Dac.Model;
using Warehouse.Deployment;
using Warehouse.Engines;
using Warehouse.Etl.Demo;
using Warehouse.Kpis;
using Warehouse.Tests.Deployment;
using Warehouse.Tests.Fixtures;

namespace Warehouse.Tests.Commands;

/// <summary>Every command of the README's table, run as the built executable with a fresh configuration, its output checked.</summary>
public sealed class CommandLineTests
{
    private string folder = null!;

    [SetUp]
    public void CreateFolder() => Directory.CreateDirectory(folder = Path.Combine(Path.GetTempPath(), "cli-" + Guid.NewGuid().ToString("N")[..8]));

    [TearDown]
    public void DeleteFolder() => Directory.Delete(folder, recursive: true);

    private WarehouseCli DuckDbCli(params (string Key, string Value)[] settings) => new(folder, new Dictionary<string, string>
    {
        ["Warehouse__Engine"] = "DuckDb",
        ["ConnectionStrings__Warehouse"] = $"Data Source={Path.Combine(folder, "warehouse.duckdb")}",
    }.Concat(settings.Select(s => KeyValuePair.Create(s.Key, s.Value))).ToDictionary());

    [TestCase("duckdb")]
    [TestCase("postgresql")]
    [TestCase("sqlserver")]
    [TestCase("synapse")]
    [TestCase("fabric")]
    public async Task Script_prints_the_schema_of_an_engine_and_the_schema_creates_every_table(string engine)
    {
        var result = await DuckDbCli().RunAsync("script", "--engine", engine);

        Assert.That(result.ExitCode, Is.Zero, result.Stderr);
        var script = result.Stdout;
        Assert.That(script, Does.Contain("CREATE TABLE").And.Not.Contain("warehouse_reader"), "the schema, not the reader role");
        var tables = TableShape.All.Select(t => $"{t.Schema}.{t.Name}").ToHashSet();
        switch (engine)
        {
            case "duckdb":
            {
                var database = new WarehouseDatabase(EngineKind.DuckDb, $"Data Source={Path.Combine(folder, "from-script.duckdb")}");
                await using var db = database.Open();
                await db.ExecuteAsync(script);
                Assert.That(await TablesAsync(db), Is.EquivalentTo(tables));
                break;
            }

            case "postgresql":
            {
                var server = await PostgresServer.GetAsync();
                var name = "script_" + Guid.NewGuid().ToString("N")[..10];
                await server.ExecuteAsync($"CREATE DATABASE {name}");
                try
                {
                    await using var db = new WarehouseDatabase(EngineKind.PostgreSql, server.ConnectionString(name)).Open();
                    await db.ExecuteAsync(script);
                    Assert.That(await TablesAsync(db), Is.EquivalentTo(tables));
                }
                finally
                {
                    await server.ExecuteAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                }

                break;
            }

            default:
                Assert.That(script, Does.Contain("\nGO\n"), "T-SQL batches");
                var version = engine switch { "synapse" => SqlServerVersion.SqlDw, "fabric" => SqlServerVersion.SqlDwUnified, _ => SqlServerVersion.Sql160 };
                Assert.That(SqlServerScriptTests.Validate(script, version).Where(m => m.MessageType == DacMessageType.Error).Select(m => m.ToString()), Is.Empty);
                foreach (var table in tables) Assert.That(script, Does.Contain($"CREATE TABLE [{table.Replace(".", "].[", StringComparison.Ordinal)}]"));
                break;
        }
    }

    [TestCase("postgresql", "GRANT SELECT ON ALL TABLES IN SCHEMA")]
    [TestCase("sqlserver", "GRANT SELECT ON SCHEMA::[exec] TO [bi_reader]")]
    public async Task Script_with_the_reader_role_prints_only_the_role(string engine, string grant)
    {
        var result = await DuckDbCli().RunAsync("script", "--engine", engine, "--reader-role", "bi_reader");

        Assert.That(result.ExitCode, Is.Zero, result.Stderr);
        Assert.That(result.Stdout, Does.Contain("bi_reader").And.Contain(grant).And.Not.Contain("CREATE TABLE"));
    }

    [Test]
    public async Task Init_run_kpi_export_and_quarantine_work_from_a_fresh_configuration_against_demo_api()
    {
        var data = Path.Combine(folder, "data");
        await DemoDataSet.WriteAsync(data, new DemoOptions { Scale = 0.005 });
        // One bad survey answer beside the generated ones.
        await File.WriteAllLinesAsync(Path.Combine(data, "files", "surveys", "zz_bad.csv"),
            ["response_id,survey_id,survey_type,scale_min,scale_max,score,submitted_at", "bad1,nps,NPS,0,10,11,2026-03-01T10:00:00Z"]);
        var plain = DuckDbCli();
        await using var api = plain.Start(["demo-api", "--root", data]);
        var address = (await api.FirstLineAsync()).Trim();
        Assert.That(address, Does.StartWith("http://127.0.0.1:"));
        var cli = DuckDbCli([.. new[] { "Shopify", "Zendesk", "HubSpot" }.SelectMany(s => new[]
        {
            ($"Sources__{s}__BaseUrl", address), ($"Sources__{s}__Token", "cli-token"), ($"Sources__{s}__Http__RequestsPerSecond", "1000"),
        }), ("Sources__Files__Root", Path.Combine(data, "files"))]);

        var init = await cli.RunAsync("init");
        Assert.That(init.ExitCode, Is.Zero, init.Stderr);
        Assert.That(init.Stderr, Does.Contain($"Deployed warehouse schema version {Warehouse.Schema.WarehouseTables.SchemaVersion} on DuckDb"));

        var run = await cli.RunAsync("run");
        Assert.That(run.ExitCode, Is.Zero, run.Stderr);
        Assert.That(run.Stderr, Does.Contain("Shopify run done").And.Contain("Zendesk run done").And.Contain("HubSpot run done").And.Contain("Files run done"));
        Assert.That(run.Stderr, Does.Match(@"\d+ × score 11 outside the survey's scale 0–10"), "the run's summary names the top reasons");

        var table = await cli.RunAsync("kpi");
        Assert.That(table.ExitCode, Is.Zero, table.Stderr);
        foreach (var kpi in KpiCatalogue.All) Assert.That(table.Stdout, Does.Contain(kpi.Code));
        Assert.That(table.Stdout, Does.StartWith("KPI "));

        var csv = await cli.RunAsync("kpi", "--format", "csv", "--grain", "week");
        Assert.That(csv.ExitCode, Is.Zero, csv.Stderr);
        var csvLines = csv.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(csvLines[0], Is.EqualTo("kpi_code,grain,period_start,slice_name,slice_value,numerator,denominator,value"));
        Assert.That(csvLines.Skip(1).All(l => l.Split(',')[1] == "week"), Is.True);

        var json = await cli.RunAsync("kpi", "--format", "json", "--slice", "channel");
        Assert.That(json.ExitCode, Is.Zero, json.Stderr);
        var objects = json.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.That(objects, Is.Not.Empty);
        Assert.That(objects.All(o => o.GetProperty("slice").EnumerateObject().Single().Name == "channel"), Is.True);
        var aov = objects.First(o => o.GetProperty("code").GetString() == "aov" && o.GetProperty("value").ValueKind == JsonValueKind.Number);
        Assert.That(aov.GetProperty("value").GetDouble(), Is.EqualTo(aov.GetProperty("numerator").GetDouble() / aov.GetProperty("denominator").GetDouble()).Within(1e-6));

        var exports = Path.Combine(folder, "exports");
        var export = await cli.RunAsync("export", "--folder", exports);
        Assert.That(export.ExitCode, Is.Zero, export.Stderr);
        var workbook = Directory.GetFiles(exports, "kpi-scorecard-*.xlsx").Single();
        using (var document = SpreadsheetDocument.Open(workbook, false))
        {
            var sheets = document.WorkbookPart!.Workbook.Sheets!.Elements<DocumentFormat.OpenXml.Spreadsheet.Sheet>().Select(s => s.Name!.Value).ToList();
            Assert.That(sheets, Does.Contain("Engagement").And.Contain("Retention"));
        }

        var counts = await cli.RunAsync("quarantine");
        Assert.That(counts.ExitCode, Is.Zero, counts.Stderr);
        var countLine = counts.Stdout.Split('\n').Single(l => l.Contains("score 11 outside", StringComparison.Ordinal));
        var records = await cli.RunAsync("quarantine", "--source", "files", "--stream", "surveys", "--records", "--payload");
        Assert.That(records.ExitCode, Is.Zero, records.Stderr);
        var listed = records.Stdout.Split('\n').Count(l => l.EndsWith(": score 11 outside the survey's scale 0–10", StringComparison.Ordinal));
        Assert.That(listed, Is.GreaterThanOrEqualTo(1));
        Assert.That(countLine, Does.StartWith("Files").And.Contain("surveys").And.EndWith(" " + listed), "the count per reason matches the records listed");
        Assert.That(records.Stdout, Does.Contain("Files.surveys").And.Contain("zz_bad.csv line 2: score 11 outside the survey's scale 0–10"));
        Assert.That(records.Stdout, Does.Contain("  bad1,nps,NPS,0,10,11,2026-03-01T10:00:00Z"));
        var none = await cli.RunAsync("quarantine", "--source", "shopify");
        Assert.That(none.Stdout, Is.EqualTo("No quarantined records.\n"));
    }

    [Test]
    public async Task A_run_whose_source_answered_an_unreadable_page_exits_non_zero_naming_the_stream()
    {
        var data = Path.Combine(folder, "data");
        await DemoDataSet.WriteAsync(data, new DemoOptions { Scale = 0.005 });
        await using var api = await Warehouse.Jobs.Commands.DemoCommand.StartApiAsync(data, CancellationToken.None);
        // The customers list answers with an HTML page and status 200, as a proxy's error page would.
        api.Fault = async (context, _) =>
        {
            if (!context.Request.Path.Value!.EndsWith("customers.json", StringComparison.Ordinal)) return false;
            context.Response.ContentType = "text/html";
            await Microsoft.AspNetCore.Http.HttpResponseWritingExtensions.WriteAsync(context.Response, "<html><body>Service unavailable</body></html>");
            return true;
        };
        var cli = DuckDbCli(("Sources__Shopify__Token", "cli-token"), ("Sources__Shopify__Api", "REST"), ("Sources__Shopify__Http__RequestsPerSecond", "1000"),
            ("Sources__Shopify__BaseUrl", api.BaseAddress.ToString()));
        Assert.That((await cli.RunAsync("init")).ExitCode, Is.Zero);

        var run = await cli.RunAsync("run", "--source", "shopify");

        Assert.That(run.ExitCode, Is.EqualTo(1), "a scheduler sees the run failed: " + run.Stderr);
        Assert.That(run.Stderr, Does.Contain("customers stopped at an unreadable page"));
        Assert.That(run.Stderr, Does.Not.Contain("   at "), "the cause, not a stack trace");
    }

    [Test]
    public async Task Run_takes_one_instance_or_every_instance_of_a_source_and_kpi_slices_by_instance()
    {
        var data = Path.Combine(folder, "data");
        await DemoDataSet.WriteAsync(data, new DemoOptions { Scale = 0.005 });
        await using var api = DuckDbCli().Start(["demo-api", "--root", data]);
        var address = (await api.FirstLineAsync()).Trim();
        // Two stores served by one demo server, so every order id collides; a third instance lacks its BaseUrl.
        var cli = DuckDbCli(
            ("Sources__Shopify__Token", "cli-token"), ("Sources__Shopify__Http__RequestsPerSecond", "1000"),
            ("Sources__Shopify__Instances__eu__BaseUrl", address), ("Sources__Shopify__Instances__us__BaseUrl", address),
            ("Sources__Shopify__Instances__broken__Enabled", "true"));
        Assert.That((await cli.RunAsync("init")).ExitCode, Is.Zero);

        var one = await cli.RunAsync("run", "--source", "shopify:eu");
        Assert.That(one.ExitCode, Is.Zero, one.Stderr);
        Assert.That(one.Stderr, Does.Contain("Shopify:eu run done").And.Not.Contain("Shopify:us"));

        var all = await cli.RunAsync("run", "--source", "shopify");
        Assert.That(all.ExitCode, Is.EqualTo(1), "the misconfigured instance fails the run");
        Assert.That(all.Stderr, Does.Contain("Sources:Shopify:Instances:broken:BaseUrl is not set"));
        Assert.That(all.Stderr, Does.Contain("Shopify:us run done"), "the other instances still run");

        var unknown = await cli.RunAsync("run", "--source", "shopify:asia");
        Assert.That(unknown.ExitCode, Is.Not.Zero);
        Assert.That(unknown.Stderr, Does.Contain("Shopify has no instance 'asia'"));

        var csv = await cli.RunAsync("kpi", "--format", "csv", "--slice", "instance");
        Assert.That(csv.ExitCode, Is.Zero, csv.Stderr);
        var aov = csv.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(','))
            .Where(f => f[0] == "aov" && f[1] == "month").ToList();
        var eu = aov.Where(f => f[4] == "eu").ToDictionary(f => f[2], f => (Numerator: double.Parse(f[5], CultureInfo.InvariantCulture), Orders: double.Parse(f[6], CultureInfo.InvariantCulture)));
        var us = aov.Where(f => f[4] == "us").ToDictionary(f => f[2], f => (Numerator: double.Parse(f[5], CultureInfo.InvariantCulture), Orders: double.Parse(f[6], CultureInfo.InvariantCulture)));
        Assert.That(eu, Is.Not.Empty);
        Assert.That(us, Is.EqualTo(eu), "the same shop served twice: each instance counts its own orders, none lost to the colliding ids");
        var whole = await cli.RunAsync("kpi", "--format", "csv");
        var total = whole.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(',')).First(f => f[0] == "aov" && f[1] == "month" && eu.ContainsKey(f[2]));
        Assert.That(double.Parse(total[6], CultureInfo.InvariantCulture), Is.EqualTo(eu[total[2]].Orders * 2), "together: both stores' orders");
    }

    [Test]
    public async Task Run_fails_naming_a_drop_file_without_its_required_columns_after_loading_the_rest()
    {
        var drop = Path.Combine(folder, "drop");
        Directory.CreateDirectory(Path.Combine(drop, "marketing_spend"));
        await File.WriteAllLinesAsync(Path.Combine(drop, "marketing_spend", "good.csv"), ["date,campaign_id,spend,currency", "2026-03-01,fb,10.00,USD"]);
        await File.WriteAllLinesAsync(Path.Combine(drop, "marketing_spend", "no_currency.csv"), ["date,campaign_id,spend", "2026-03-01,fb,10.00"]);
        var cli = DuckDbCli(("Sources__Files__Root", drop));
        Assert.That((await cli.RunAsync("init")).ExitCode, Is.Zero);

        var run = await cli.RunAsync("run", "--source", "files");

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.Stderr, Does.Contain("no_currency.csv lacks the required column(s) currency"));
        Assert.That(File.Exists(Path.Combine(drop, "marketing_spend", "rejected", "no_currency.csv")), Is.True);
        Assert.That(File.Exists(Path.Combine(drop, "marketing_spend", "processed", "good.csv")), Is.True);
    }

    [Test]
    public async Task Serve_brings_a_never_initialised_warehouse_up_and_answers_health_exec_and_the_odata_feed()
    {
        var port = WarehouseCli.FreePort();
        var cli = DuckDbCli(("Dashboard__User", "analyst"), ("Dashboard__Password", "cli-pass-7"), ("ASPNETCORE_URLS", $"http://127.0.0.1:{port}"));
        await using var serve = cli.Start(["serve"]);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };

        using var health = await serve.WaitForAsync(http, "health");
        var healthBody = await health.Content.ReadAsStringAsync();
        Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK), healthBody);
        Assert.That(JsonDocument.Parse(healthBody).RootElement.GetProperty("status").GetString(), Is.EqualTo("ok"));

        using var exec = await http.GetAsync("exec");
        var page = await exec.Content.ReadAsStringAsync();
        Assert.That(exec.StatusCode, Is.EqualTo(HttpStatusCode.OK), page);
        Assert.That(exec.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/html"));
        Assert.That(page, Does.Not.Contain("   at "), "no stack trace");

        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("analyst:cli-pass-7")));
        using var service = await http.GetAsync("odata/");
        var document = await service.Content.ReadAsStringAsync();
        Assert.That(service.StatusCode, Is.EqualTo(HttpStatusCode.OK), document);
        var sets = JsonDocument.Parse(document).RootElement.GetProperty("value").EnumerateArray().Select(e => e.GetProperty("name").GetString()).ToList();
        Assert.That(sets, Is.EquivalentTo(new[] { "kpi_scorecard", "kpi_trend", "kpi_value", "kpi_catalogue" }));
        using var metadata = await http.GetAsync("odata/$metadata");
        Assert.That(metadata.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await metadata.Content.ReadAsStringAsync(), Does.Contain("EntitySet Name=\"kpi_value\""));
        Assert.That(serve.Errors, Does.Contain($"Deployed warehouse schema version {Warehouse.Schema.WarehouseTables.SchemaVersion}"));
    }

    [Test]
    public async Task Serve_listens_on_ASPNETCORE_HTTP_PORTS_and_the_command_line_wins_over_it()
    {
        var portsPort = WarehouseCli.FreePort();
        var cli = DuckDbCli(("ASPNETCORE_HTTP_PORTS", portsPort.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        await using (var serve = cli.Start(["serve"]))
        {
            using var http = new HttpClient();
            using var health = await serve.WaitForAsync(http, $"http://127.0.0.1:{portsPort}/health");
            Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        var commandLinePort = WarehouseCli.FreePort();
        await using (var serve = cli.Start(["serve", "--urls", $"http://127.0.0.1:{commandLinePort}"]))
        {
            using var http = new HttpClient();
            using var health = await serve.WaitForAsync(http, $"http://127.0.0.1:{commandLinePort}/health");
            Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync($"http://127.0.0.1:{portsPort}/health"), "not on ASPNETCORE_HTTP_PORTS");
        }
    }

    [Test]
    public async Task Serve_without_credentials_says_at_start_and_in_each_401_that_the_feed_needs_them()
    {
        var port = WarehouseCli.FreePort();
        await using var serve = DuckDbCli().Start(["serve", "--urls", $"http://127.0.0.1:{port}"]);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        using (await serve.WaitForAsync(http, "health")) { }

        using var feed = await http.GetAsync("odata/kpi_value");
        Assert.That(feed.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await feed.Content.ReadAsStringAsync(), Does.Contain("set Dashboard:User and Dashboard:Password on the server"));
        Assert.That(serve.Errors, Does.Contain("Dashboard:User and Dashboard:Password are not set: the OData feed (/odata) answers 401 to everyone"));
    }

    [Test]
    public async Task Bench_at_a_tiny_scale_prints_its_stage_table_and_ratios()
    {
        var result = await DuckDbCli().RunAsync("bench", "--scale", "0.002", "--engines", "duckdb", "--folder", Path.Combine(folder, "bench"));

        Assert.That(result.ExitCode, Is.Zero, result.Stderr);
        Assert.That(result.Stdout, Does.Contain("Benchmark at scale 0.002"));
        var duckdbLines = result.Stdout.Split('\n').Where(l => l.StartsWith("DuckDb ", StringComparison.Ordinal)).ToList();
        Assert.That(duckdbLines, Has.Some.Contain("full run").And.Some.Contain("incremental").And.Some.Contain("engine limit"));
        Assert.That(result.Stdout, Does.Match(@"DuckDb: landing [\d,]+ rows/s = \d+\.\d\d of the engine's bulk load"));
        // The first load reads the shop by bulk operations, the incremental run by paged queries only.
        Assert.That(result.Stdout, Does.Match(@"DuckDb full run: Shopify by the GraphQL API: 4 bulk operations \([\d,]+ records, [\d,]+ MB of JSON lines\), 0 paged queries; [\d,]+ staging rows landed, peak memory \d+ MB"));
        Assert.That(result.Stdout, Does.Match(@"DuckDb incremental \(1% changed\): Shopify by the GraphQL API: 0 bulk operations .*, [1-9][\d,]* paged queries"));
        Assert.That(result.Stdout, Does.Match(@"DuckDb: the incremental run's reconciliation \d+\.\d\d s = \d+\.\d\d of the rest of the incremental run"));
        Assert.That(result.Stdout, Does.Match(@"DuckDb incremental \(1% changed\): reconciliation checked [1-9][\d,]* object periods, 0 beyond tolerance or not counted"),
            "the demo's sources agree with their own counts");
    }

    [Test]
    public async Task A_failing_command_prints_its_cause_and_what_to_do_and_the_stack_trace_only_with_verbose()
    {
        var cli = DuckDbCli();
        var kpi = await cli.RunAsync("kpi");
        Assert.That(kpi.ExitCode, Is.EqualTo(1));
        Assert.That(kpi.Stderr, Does.Contain("The warehouse has no schema yet: run `init` first").And.Contain("--verbose"));
        Assert.That(kpi.Stdout + kpi.Stderr, Does.Not.Contain("   at "), "no stack trace");
        var verbose = await cli.RunAsync("kpi", "--verbose");
        Assert.That(verbose.ExitCode, Is.EqualTo(1));
        Assert.That(verbose.Stderr, Does.Contain("   at "), "the full error on request");

        Assert.That((await cli.RunAsync("init")).ExitCode, Is.Zero);
        var unknown = await cli.RunAsync("run", "--source", "nope");
        Assert.That(unknown.ExitCode, Is.EqualTo(1));
        Assert.That(unknown.Stderr, Does.Contain("nope").And.Not.Contain("   at "));
        var persian = await cli.RunAsync("kpi", "--grain", "persian_month");
        Assert.That(persian.ExitCode, Is.EqualTo(1), "not 'no data' with exit 0");
        Assert.That(persian.Stderr, Does.Contain("--grain persian_month needs Warehouse:Calendar=persian").And.Not.Contain("   at "));
    }

    [TestCase("run")]
    [TestCase("kpi")]
    [TestCase("export")]
    [TestCase("quarantine")]
    public async Task A_command_refuses_a_warehouse_of_a_newer_schema_naming_both_versions(string command)
    {
        var cli = DuckDbCli();
        Assert.That((await cli.RunAsync("init")).ExitCode, Is.Zero);
        var version = Warehouse.Schema.WarehouseTables.SchemaVersion;
        await using (var db = new WarehouseDatabase(EngineKind.DuckDb, $"Data Source={Path.Combine(folder, "warehouse.duckdb")}").Open())
        {
            await LinqToDB.DataExtensions.InsertAsync(db, new Warehouse.Schema.Etl.EtlSchemaVersion { Version = version + 1, AppliedAt = DateTime.UtcNow, Description = "a newer program" });
        }

        var result = await cli.RunAsync(command, "--folder", Path.Combine(folder, "out"));
        if (command is "run" or "kpi" or "quarantine") result = await cli.RunAsync(command);

        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.Stderr, Does.Contain($"The warehouse is at schema version {version + 1}, newer than this program's version {version}"));
        Assert.That(Directory.Exists(Path.Combine(folder, "out")), Is.False, "nothing was written");
    }

    [Test]
    public async Task Init_without_configured_thresholds_keeps_the_warehouses_targets_and_with_them_replaces_them()
    {
        var configured = DuckDbCli(("Alerts__Thresholds__0__Kpi", "aov"), ("Alerts__Thresholds__0__Target", "100"), ("Alerts__Thresholds__0__Warning", "80"), ("Alerts__Thresholds__0__Critical", "50"),
            ("Alerts__Thresholds__1__Kpi", "nps"), ("Alerts__Thresholds__1__Target", "40"), ("Alerts__Thresholds__1__Warning", "20"), ("Alerts__Thresholds__1__Critical", "0"));
        Assert.That((await configured.RunAsync("init")).ExitCode, Is.Zero);
        var plain = await DuckDbCli().RunAsync("init");
        Assert.That(plain.ExitCode, Is.Zero);
        Assert.That(plain.Stderr, Does.Contain("No Alerts:Thresholds configured: the warehouse keeps its KPI targets"));
        Assert.That(await TargetsAsync(), Is.EqualTo(new[] { "aov 100", "nps 40" }), "as the demo's targets stay after serve or init");

        var one = await DuckDbCli(("Alerts__Thresholds__0__Kpi", "csat"), ("Alerts__Thresholds__0__Target", "90"), ("Alerts__Thresholds__0__Warning", "80"), ("Alerts__Thresholds__0__Critical", "70")).RunAsync("init");
        Assert.That(one.Stderr, Does.Contain("Stored 1 KPI targets from Alerts:Thresholds"));
        Assert.That(await TargetsAsync(), Is.EqualTo(new[] { "csat 90" }));
    }

    private async Task<List<string>> TargetsAsync()
    {
        await using var db = new WarehouseDatabase(EngineKind.DuckDb, $"Data Source={Path.Combine(folder, "warehouse.duckdb")}").Open();
        return await db.QueryToListAsync(r => r.GetString(0) + " " + Convert.ToDecimal(r.GetValue(1), CultureInfo.InvariantCulture).ToString("0", CultureInfo.InvariantCulture), "SELECT kpi_code, target_value FROM dw.kpi_target ORDER BY kpi_code");
    }

    [Test]
    public async Task Powerbi_on_the_embedded_engine_asks_for_a_server_engine_and_writes_nothing()
    {
        var result = await DuckDbCli().RunAsync("powerbi", "--out", "project");

        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.Stderr, Does.Contain("Power BI Desktop cannot open the embedded DuckDB file: read it through the OData feed").And.Contain("pass --engine sqlserver (also Fabric and Synapse) or --engine postgresql"));
        Assert.That(result.Stderr, Does.Not.Contain("   at "), "one clear line, no stack trace");
        Assert.That(Directory.Exists(Path.Combine(folder, "project")), Is.False);

        var help = await DuckDbCli().RunAsync("powerbi", "--help");
        Assert.That(help.Stdout, Does.Contain("sqlserver (also Fabric and Synapse) or postgresql").And.Not.Contain("duckdb").And.Not.Contain("synapse|"));
        var refused = await DuckDbCli().RunAsync("powerbi", "--out", "project", "--engine", "duckdb");
        Assert.That(refused.ExitCode, Is.Not.Zero);
        Assert.That(refused.Stderr + refused.Stdout, Does.Contain("duckdb").And.Contain("sqlserver").And.Contain("postgresql"), "the accepted values are named");
    }

    private static async Task<List<string>> TablesAsync(DataConnection db) =>
        await db.QueryToListAsync(r => r.GetString(0) + "." + r.GetString(1),
            "SELECT table_schema, table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_schema IN ('stg', 'dw', 'etl', 'kpi')");
}
