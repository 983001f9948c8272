using System.Text;
using Microsoft.AspNetCore.Http;
using Warehouse.Engines;
using Warehouse.Etl.Sources.Shopify;
using Warehouse.Tests.Fixtures;
using static Warehouse.Tests.Fixtures.ShopifyRecords;

namespace Warehouse.Tests.Reliability;

/// <summary>
/// A hostile server that would keep a run going for ever: empty pages that always link a next one, more pages than a
/// run may read, a GraphQL bucket that refills at a rate of nothing, a bulk operation that never ends. Each fails the
/// stream clearly and soon (Http:MaxPages, Http:MaxWait, Http:BulkTimeout).
/// </summary>
public sealed class EndlessServerTests(EngineKind engine) : EngineTest(engine)
{
    private ShopifyTestSource shop = null!;

    [SetUp]
    public async Task StartAsync()
    {
        shop = await ShopifyTestSource.StartAsync();
        await DeployAsync();
    }

    [TearDown]
    public Task StopAsync() => shop.DisposeAsync().AsTask();

    [Test]
    public async Task Empty_pages_that_always_link_another_stop_the_stream_after_ten()
    {
        shop.Settings.Api = "Rest";
        var pages = 0;
        shop.Server.Fault = async (context, _) =>
        {
            if (!context.Request.Path.Value!.EndsWith("orders.json", StringComparison.Ordinal)) return false;
            var n = Interlocked.Increment(ref pages);
            var info = Uri.EscapeDataString(Convert.ToBase64String(Encoding.UTF8.GetBytes($"{n}:any")));
            context.Response.Headers.Append("Link", $"<{shop.Server.BaseAddress}admin/api/2024-10/orders.json?limit=250&page_info={info}>; rel=\"next\"");
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("{\"orders\":[]}");
            return true;
        };

        var error = Assert.ThrowsAsync<InvalidOperationException>(() => shop.RunAsync(Database, Settings));

        Assert.That(error!.Message, Does.Contain("Shopify orders: 11 empty pages in a row, each with a link to another"));
        Assert.That(pages, Is.EqualTo(11));
    }

    [Test]
    public async Task More_pages_than_a_run_may_read_stop_the_stream_naming_the_setting()
    {
        shop.Settings.Api = "Rest";
        shop.Settings.Http.MaxPages = 2;
        shop.Orders.AddRange(Enumerable.Range(1, 600).Select(i => Order(i, Start.AddHours(i), Start.AddHours(i), null, $"c{i}@example.com", [(i * 10, 501, 1, 10m, 0m)])));

        var error = Assert.ThrowsAsync<InvalidOperationException>(() => shop.RunAsync(Database, Settings));

        Assert.That(error!.Message, Does.Contain("Shopify orders: more than 2 pages in one run (Http:MaxPages)"));
    }

    [TestCase(0.001, "longer than Http:MaxWait (00:05:00)")]
    [TestCase(0.0, "a throttle status the run cannot wait on (restoreRate 0,")]
    [TestCase(-5.0, "a throttle status the run cannot wait on (restoreRate -5,")]
    public async Task A_bucket_that_refills_at_almost_nothing_fails_the_stream_instead_of_waiting_for_hours(double restoreRate, string message)
    {
        shop.Settings.Api = "GraphQL";
        var simulator = shop.Server.Simulator<ShopifySimulator>().GraphQl;
        simulator.RestoreRate = restoreRate;
        simulator.Drain(0);
        shop.Customers.Add(Customer(1, "a@example.com", "", Start));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var error = Assert.ThrowsAsync<InvalidOperationException>(() => shop.RunAsync(Database, Settings));

        Assert.That(error!.Message, Does.Contain(message));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromMinutes(1)), "it did not wait");
    }

    [Test]
    public async Task A_bulk_operation_that_never_ends_is_polled_for_the_bulk_timeout_and_fails_the_stream()
    {
        shop.Settings.Api = "GraphQL";
        shop.Settings.Http.BulkTimeout = TimeSpan.FromSeconds(1);
        shop.Server.Simulator<ShopifySimulator>().GraphQl.BulkRunTime = TimeSpan.FromMinutes(30);
        shop.Customers.Add(Customer(1, "a@example.com", "", Start));

        var error = Assert.ThrowsAsync<InvalidOperationException>(() => shop.RunAsync(Database, Settings));

        Assert.That(error!.Message, Does.Match("Shopify bulk operation gid://shopify/BulkOperation/1 is still (CREATED|RUNNING) after 00:00:01 \\(Http:BulkTimeout\\)"));
    }
}
