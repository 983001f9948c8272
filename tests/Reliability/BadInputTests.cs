using System.Text.Json.Nodes;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.AspNetCore.Http;
using Warehouse.Engines;
using Warehouse.Schema.Dw;
using Warehouse.Schema.Etl;
using Warehouse.Tests.Fixtures;
using static Warehouse.Tests.Fixtures.ShopifyRecords;

namespace Warehouse.Tests.Reliability;

/// <summary>
/// The bad-input catalogue, through the real Shopify connector over HTTP: each case gives a clear error or
/// a quarantine row with its reason, nothing valid is lost, and every load's counts add up
/// (read = landed + quarantined). The file cases (a truncated file, a CSV missing a column) are in
/// WebSessionFilesTests and MarketingSpendFilesTests; a score outside its scale in SurveyKpiTests.
/// </summary>
public sealed class BadInputTests(EngineKind engine) : EngineTest(engine)
{
    private ShopifyTestSource shop = null!;

    [SetUp]
    public async Task StartShopAsync()
    {
        shop = await ShopifyTestSource.StartAsync();
        await DeployAsync();
    }

    [TearDown]
    public async Task StopShopAsync() => await shop.DisposeAsync();

    private static string Valid(long id) => Order(id, Start.AddHours(id), Start.AddHours(id), null, $"c{id}@example.com", [(id * 10, 501, 1, 10m * id, 0m)]);

    private static string Edit(string json, Action<JsonObject> change)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        change(node);
        return node.ToJsonString();
    }

    /// <summary>The only invalid order is quarantined with a reason naming the problem; the valid one lands.</summary>
    private async Task AssertQuarantinedAsync(string bad, string reason)
    {
        shop.Orders.AddRange([Valid(1), bad]);

        var result = await shop.RunAsync(Database, Settings);

        var orders = result.Loads.Single(l => l.Stream == "orders");
        Assert.That((orders.Read, orders.Landed, orders.Quarantined), Is.EqualTo((2L, 1L, 1L)));
        await using var db = Database.Open();
        var quarantined = await db.GetTable<EtlQuarantine>().SingleAsync();
        Assert.That(quarantined.Reason, Does.Contain(reason));
        Assert.That(quarantined.RawPayload, Is.Not.Empty);
        Assert.That(await db.GetTable<FactOrderLine>().Select(f => f.OrderId).ToListAsync(), Is.EqualTo(new[] { "1" }));
        await AssertCountsAddUpAsync();
    }

    private async Task AssertCountsAddUpAsync()
    {
        await using var db = Database.Open();
        var loads = await db.GetTable<EtlLoad>().Where(l => l.Status != "failed").ToListAsync();
        Assert.That(loads, Is.Not.Empty);
        foreach (var load in loads) Assert.That(load.RowsRead, Is.EqualTo(load.RowsLanded + load.RowsQuarantined), $"{load.Source}.{load.Stream}");
    }

    [Test]
    public Task Wrong_types_are_quarantined() =>
        AssertQuarantinedAsync(Edit(Valid(2), o => o["line_items"]![0]!["quantity"] = "three"), "quantity");

    [Test]
    public Task A_missing_natural_key_is_quarantined() =>
        AssertQuarantinedAsync(Edit(Valid(2), o => o.Remove("id")), "'id'");

    [Test]
    public Task A_date_in_the_far_future_is_quarantined() =>
        AssertQuarantinedAsync(Order(2, new DateTime(2199, 1, 1, 0, 0, 0, DateTimeKind.Utc), Start.AddHours(2), null, "c2@example.com", [(20, 501, 1, 10m, 0m)]), "future");

    [Test]
    public Task An_unknown_currency_is_quarantined() =>
        AssertQuarantinedAsync(Order(2, Start.AddHours(2), Start.AddHours(2), null, "c2@example.com", [(20, 501, 1, 10m, 0m)], currency: "XXX"), "unknown currency 'XXX'");

    [Test]
    public Task A_nul_character_in_a_text_field_is_quarantined_on_every_engine() =>
        AssertQuarantinedAsync(Edit(Valid(2), o => o["name"] = "#10\u000002"), "'order_name' contains a NUL character");

    [Test]
    public Task A_price_too_large_for_its_column_is_quarantined() =>
        AssertQuarantinedAsync(Order(2, Start.AddHours(2), Start.AddHours(2), null, "c2@example.com", [(20, 501, 1, 1_000_000_000_000_000m, 0m)]), "too large");

    [Test]
    public Task A_line_total_too_large_for_an_amount_is_quarantined_instead_of_failing_the_transform() =>
        AssertQuarantinedAsync(Order(2, Start.AddHours(2), Start.AddHours(2), null, "c2@example.com", [(20, 501, 100, 90_000_000_000_000m, 0m)]), "too large for an amount");

    [Test]
    public async Task A_huge_field_is_quarantined_with_its_payload_cut_to_a_bounded_size()
    {
        await AssertQuarantinedAsync(Edit(Valid(2), o => o["name"] = new string('x', 300_000)), "at most 50");

        await using var db = Database.Open();
        var quarantined = await db.GetTable<EtlQuarantine>().SingleAsync();
        Assert.That(quarantined.RawPayload, Has.Length.EqualTo(Warehouse.Etl.Landing.StreamLoader.MaxPayloadLength));
        Assert.That(quarantined.Reason, Does.Contain("cut to"));
    }

    [Test]
    public async Task Duplicate_records_in_one_page_make_one_fact()
    {
        shop.Orders.AddRange([Valid(1), Valid(2), Valid(2)]);

        var result = await shop.RunAsync(Database, Settings);

        var orders = result.Loads.Single(l => l.Stream == "orders");
        Assert.That((orders.Read, orders.Landed, orders.Quarantined), Is.EqualTo((3L, 3L, 0L)));
        await using var db = Database.Open();
        Assert.That(await db.GetTable<FactOrderLine>().OrderBy(f => f.OrderId).Select(f => f.OrderId).ToListAsync(), Is.EqualTo(new[] { "1", "2" }));
        await AssertCountsAddUpAsync();
    }

    /// <summary>A page that is not JSON, or an empty one, is quarantined whole; the cursor stays, so the next run loads its records.</summary>
    [TestCase("{\"orders\": [{\"id\": 1, \"created_at\": ", "malformed JSON in a page of orders")]
    [TestCase("", "empty response for a page of orders")]
    public async Task A_page_that_is_not_json_is_quarantined_and_the_next_run_loads_its_records(string body, string reason)
    {
        shop.Orders.AddRange([Valid(1), Valid(2)]);
        var broken = true;
        shop.Server.Fault = async (context, _) =>
        {
            if (!broken || !context.Request.Path.Value!.Contains("/orders.json", StringComparison.Ordinal)) return false;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(body);
            return true;
        };

        var error = Assert.ThrowsAsync<Warehouse.Etl.Pipeline.IncompleteStreamsException>(() => shop.RunAsync(Database, Settings));
        Assert.That(error!.Message, Does.Contain("orders stopped at an unreadable page (" + reason));
        broken = false;
        var second = (await shop.RunAsync(Database, Settings)).Loads.Single(l => l.Stream == "orders");

        await using (var check = Database.Open())
        {
            var first = await check.GetTable<EtlLoad>().OrderBy(l => l.LoadId).FirstAsync(l => l.Stream == "orders");
            Assert.That((first.RowsRead, first.RowsLanded, first.RowsQuarantined), Is.EqualTo((1L, 0L, 1L)));
        }

        Assert.That((second.Read, second.Landed, second.Quarantined), Is.EqualTo((2L, 2L, 0L)));
        await using var db = Database.Open();
        Assert.That((await db.GetTable<EtlQuarantine>().SingleAsync()).Reason, Does.Contain(reason));
        Assert.That(await db.GetTable<FactOrderLine>().CountAsync(), Is.EqualTo(2));
        await AssertCountsAddUpAsync();
    }

    /// <summary>A storm of 500s, 429s or a server that never answers: after the retries a clear error, the load failed, the cursor unmoved; then a good run loads everything.</summary>
    [TestCase(500, "HTTP 500")]
    [TestCase(429, "HTTP 429")]
    [TestCase(0, "within the allowed timeout")]
    public async Task A_storm_of_failures_ends_in_a_clear_error_and_loses_nothing(int status, string message)
    {
        shop.Orders.AddRange([Valid(1), Valid(2)]);
        shop.Settings.Http.AttemptTimeout = TimeSpan.FromMilliseconds(300);
        shop.Settings.Http.TotalTimeout = TimeSpan.FromSeconds(10);
        var storm = true;
        shop.Server.Fault = async (context, _) =>
        {
            if (!storm || !context.Request.Path.Value!.Contains("/orders.json", StringComparison.Ordinal)) return false;
            if (status == 0)
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
                return true;
            }

            context.Response.StatusCode = status;
            if (status == 429) context.Response.Headers.RetryAfter = "0";
            await context.Response.WriteAsync("storm");
            return true;
        };

        var error = Assert.CatchAsync(() => shop.RunAsync(Database, Settings));
        Assert.That(error!.ToString(), Does.Contain(message).IgnoreCase);
        Assert.That(shop.RequestsTo("orders"), Is.EqualTo(1 + shop.Settings.Http.MaxRetries), "every retry was made, then it stopped");
        await using (var db = Database.Open())
        {
            var load = await db.GetTable<EtlLoad>().SingleAsync(l => l.Stream == "orders");
            Assert.That(load.Status, Is.EqualTo("failed"));
            Assert.That(load.Error, Is.Not.Empty);
            Assert.That(await db.GetTable<EtlSourceState>().AnyAsync(s => s.Stream == "orders"), Is.False, "no cursor");
        }

        storm = false;
        await shop.RunAsync(Database, Settings);
        await using (var db = Database.Open())
        {
            Assert.That(await db.GetTable<FactOrderLine>().CountAsync(), Is.EqualTo(2));
        }

        await AssertCountsAddUpAsync();
    }

    [Test]
    public async Task A_page_link_that_repeats_stops_with_an_error_instead_of_looping()
    {
        shop.Orders.AddRange([Valid(1), Valid(2)]);
        shop.Server.Fault = async (context, _) =>
        {
            if (!context.Request.Path.Value!.Contains("/orders.json", StringComparison.Ordinal)) return false;
            var self = context.Request.Path + context.Request.QueryString;
            context.Response.ContentType = "application/json";
            context.Response.Headers.Link = $"<{context.Request.Scheme}://{context.Request.Host}{self}>; rel=\"next\"";
            await context.Response.WriteAsync("{\"orders\": [" + Valid(1) + "]}");
            return true;
        };

        var error = Assert.CatchAsync(() => shop.RunAsync(Database, Settings));

        Assert.That(error!.Message, Does.Contain("twice"));
        Assert.That(shop.RequestsTo("orders"), Is.EqualTo(2));
        await using var db = Database.Open();
        Assert.That(await db.GetTable<FactOrderLine>().CountAsync(), Is.Zero, "the landing rolled back");
        Assert.That((await db.GetTable<EtlLoad>().SingleAsync(l => l.Stream == "orders")).Status, Is.EqualTo("failed"));
    }

    [Test]
    public void An_invalid_time_zone_is_refused_with_the_setting_named()
    {
        var reporting = Assert.Throws<InvalidOperationException>(() => new WarehouseSettings { ReportingTimeZone = "Mars/Olympus_Mons" }.Validate());
        Assert.That(reporting!.Message, Does.Contain("Warehouse:ReportingTimeZone").And.Contain("Mars/Olympus_Mons"));
    }
}
