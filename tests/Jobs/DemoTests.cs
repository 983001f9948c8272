using System.Diagnostics;
using Warehouse.Etl.Demo;
using Warehouse.Kpis;
using Warehouse.Tests.Fixtures;

namespace Warehouse.Tests.Jobs;

/// <summary>The demo as a user runs it: the real executable, a fresh folder, the embedded engine.</summary>
public sealed class DemoTests
{
    private string folder = null!;

    [SetUp]
    public void CreateFolder() => Directory.CreateDirectory(folder = Path.Combine(Path.GetTempPath(), "demo-" + Guid.NewGuid().ToString("N")[..8]));

    [TearDown]
    public void DeleteFolder() => Directory.Delete(folder, recursive: true);

    [Test]
    public async Task The_generator_writes_the_same_bytes_for_the_same_seed()
    {
        var options = new DemoOptions { Scale = 0.005 };
        var first = await DemoDataSet.WriteAsync(Path.Combine(folder, "a"), options);
        var second = await DemoDataSet.WriteAsync(Path.Combine(folder, "b"), options);

        Assert.That(second.RecordsPerStream, Is.EqualTo(first.RecordsPerStream));
        Assert.That(first.RecordsPerStream.Keys, Is.SupersetOf(new[] { "shopify/orders", "zendesk/tickets", "hubspot/contacts", "files/web_sessions", "files/surveys", "files/marketing_spend" }));
        foreach (var file in Directory.EnumerateFiles(Path.Combine(folder, "a"), "*", SearchOption.AllDirectories))
        {
            var twin = Path.Combine(folder, "b", Path.GetRelativePath(Path.Combine(folder, "a"), file));
            Assert.That(await File.ReadAllBytesAsync(twin), Is.EqualTo(await File.ReadAllBytesAsync(file)), file);
        }
    }

    [Test]
    public async Task The_demo_command_builds_the_warehouse_and_prints_every_kpi_of_the_catalogue()
    {
        var (exitCode, table, stderr) = await RunDemoAsync("--scale", "0.01");

        Assert.That(exitCode, Is.Zero, stderr);
        foreach (var kpi in KpiCatalogue.All) Assert.That(table, Does.Contain(kpi.Code));
        Assert.That(table, Does.Not.Contain("no data"), "every KPI of the catalogue has a source in the demo");
        Assert.That(File.Exists(Path.Combine(folder, "warehouse.duckdb")), Is.True);
    }

    [Test]
    public async Task The_demo_through_intercom_tells_the_same_story_through_the_other_helpdesk()
    {
        var (zendeskExit, zendesk, _) = await RunDemoAsync("--scale", "0.01");
        File.Delete(Path.Combine(folder, "warehouse.duckdb"));
        var (exitCode, intercom, stderr) = await RunDemoAsync("--scale", "0.01", "--helpdesk", "intercom");

        Assert.That((zendeskExit, exitCode), Is.EqualTo((0, 0)), stderr);
        Assert.That(stderr, Does.Contain("Intercom run done").And.Not.Contain("Zendesk run done"));
        string[] helpdesk = ["avg_resolution_time", "first_reply_time", "one_touch_resolution", "reopen_rate", "sla_breach_rate", "csat"];
        // The reconciliation lines name the helpdesk source run: they are not the story the KPIs tell.
        List<string> Rows(string table, bool ofHelpdesk) => table.Split('\n').Where(l => l.Length > 0 && !l.Contains(" reconciliation: ", StringComparison.Ordinal)
            && !l.Contains(": not checked (", StringComparison.Ordinal) && helpdesk.Any(k => l.StartsWith(k + " ", StringComparison.Ordinal)) == ofHelpdesk).ToList();
        Assert.That(Rows(intercom, ofHelpdesk: false), Is.EqualTo(Rows(zendesk, ofHelpdesk: false)), "the shop, CRM, surveys and spend are the same");
        var rows = Rows(intercom, ofHelpdesk: true);
        Assert.That(rows, Has.Count.EqualTo(helpdesk.Length));
        Assert.That(rows.Where(r => !r.StartsWith("sla_breach_rate", StringComparison.Ordinal)), Has.All.Not.Contain("no data"), "every helpdesk KPI comes from Intercom");
        Assert.That(rows.Single(r => r.StartsWith("sla_breach_rate", StringComparison.Ordinal)), Does.Contain("no data"), "Intercom conversations have no SLA targets here");
    }

    [Test]
    public async Task The_demo_through_salesforce_tells_the_same_story_through_the_other_crm()
    {
        var (hubspotExit, hubspot, _) = await RunDemoAsync("--scale", "0.01");
        File.Delete(Path.Combine(folder, "warehouse.duckdb"));
        var (exitCode, salesforce, stderr) = await RunDemoAsync("--scale", "0.01", "--crm", "salesforce");

        Assert.That((hubspotExit, exitCode), Is.EqualTo((0, 0)), stderr);
        Assert.That(stderr, Does.Contain("Salesforce run done").And.Not.Contain("HubSpot run done"));
        // The cohort counts are the same leads and opportunities; the sales cycle differs by design (a Salesforce CloseDate is a day).
        string[] same = ["lead_to_opportunity", "lead_conversion", "win_rate"];
        List<string> Rows(string table) => table.Split('\n').Where(l => same.Any(k => l.StartsWith(k + " ", StringComparison.Ordinal))).ToList();
        Assert.That(Rows(salesforce), Has.Count.EqualTo(same.Length).And.All.Not.Contain("no data"));
        Assert.That(Rows(salesforce), Is.EqualTo(Rows(hubspot)), "every CRM KPI comes from Salesforce, with the same figures");
    }

    [Test]
    public async Task The_readme_shows_the_rows_the_demo_prints_at_its_default_scale()
    {
        var readme = await File.ReadAllLinesAsync(Path.Combine(RepositoryFolders.Root, "README.md"));
        var quickStart = readme.SkipWhile(l => l != "## Quick start").TakeWhile(l => l != "## Commands").ToList();
        var shown = quickStart.SkipWhile(l => !l.StartsWith("KPI ", StringComparison.Ordinal)).TakeWhile(l => l != "```").Where(l => l != "...").ToList();
        Assert.That(shown, Has.Count.GreaterThan(3), "the README shows the header and some rows");

        var (exitCode, table, stderr) = await RunDemoAsync();

        Assert.That(exitCode, Is.Zero, stderr);
        var printed = table.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        foreach (var line in shown) Assert.That(printed, Does.Contain(line), "the README's line as the demo prints it");
        var order = shown.Skip(2).Select(l => printed.IndexOf(l)).ToList();
        Assert.That(order, Is.Ordered, "in the demo's order");
    }

    private async Task<(int ExitCode, string Stdout, string Stderr)> RunDemoAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Warehouse.Jobs.dll"), "demo", .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = folder,
        };
        start.Environment["ConnectionStrings__Warehouse"] = $"Data Source={Path.Combine(folder, "warehouse.duckdb")}";
        start.Environment["Demo__Root"] = Path.Combine(folder, "demo");
        start.Environment["Warehouse__Engine"] = "DuckDb";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, await stderr);
    }
}
