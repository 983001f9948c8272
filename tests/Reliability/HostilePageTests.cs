using Warehouse.Etl.Simulation;
using System.Text;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.AspNetCore.Http;
using Warehouse.Engines;
using Warehouse.Etl.Http;
using Warehouse.Etl.Pipeline;
using Warehouse.Jobs.Demo;
using Warehouse.Schema.Dw;
using Warehouse.Schema.Etl;
using Warehouse.Tests.Fixtures;
using static Warehouse.Tests.Fixtures.ShopifyRecords;

namespace Warehouse.Tests.Reliability;

/// <summary>
/// Pages a hostile or broken server sends: one that cannot be read but carries a next link, a redirect or a
/// next link to another host. Nothing is lost and the source's token goes nowhere but its configured address.
/// </summary>
public sealed class HostilePageTests(EngineKind engine) : EngineTest(engine)
{
    private ShopifyTestSource shop = null!;
    private LoopbackApiServer other = null!;
    private readonly List<string?> tokensSeenElsewhere = [];

    [SetUp]
    public async Task StartServersAsync()
    {
        shop = await ShopifyTestSource.StartAsync();
        other = await LoopbackApiServer.StartAsync();
        other.Fault = (context, _) =>
        {
            lock (tokensSeenElsewhere) tokensSeenElsewhere.Add(context.Request.Headers["X-Shopify-Access-Token"].FirstOrDefault());
            return Task.FromResult(false);
        };
        other.Shopify["orders"] = ApiRecordSet.FromJson([Order(999, Start, Start, null, "x@example.com", [(9990, 501, 1, 1m, 0m)])]);
        await DeployAsync();
    }

    [TearDown]
    public async Task StopServersAsync()
    {
        await shop.DisposeAsync();
        await other.DisposeAsync();
    }

    private static string Ordered(long id) => Order(id, Start.AddHours(id), Start.AddHours(id), null, $"c{id}@example.com", [(id * 10, 501, 1, 10m, 0m)]);

    private static string PageLink(Uri server, int start) =>
        $"<{server}admin/api/2024-10/orders.json?limit=250&page_info={Uri.EscapeDataString(Convert.ToBase64String(Encoding.UTF8.GetBytes($"{start}:any")))}>; rel=\"next\"";

    private async Task<int> OrderFactsAsync()
    {
        await using var db = Database.Open();
        return await db.GetTable<FactOrderLine>().CountAsync();
    }

    [TestCase("<html><body>Service temporarily unavailable</body></html>")]
    [TestCase("{\"orders\":[{\"id\":251,")]
    public async Task A_page_that_cannot_be_read_stops_the_stream_even_with_a_next_link_and_the_next_run_loads_its_orders(string body)
    {
        shop.Orders.AddRange(Enumerable.Range(1, 600).Select(i => Ordered(i)));
        var broken = true;
        shop.Server.Fault = async (context, _) =>
        {
            if (!broken || !context.Request.QueryString.Value!.Contains("page_info", StringComparison.Ordinal)) return false;
            // The second page: status 200, not JSON, but a Link header to the third page.
            context.Response.ContentType = body.StartsWith('<') ? "text/html" : "application/json";
            context.Response.Headers.Append("Link", PageLink(shop.Server.BaseAddress, 500));
            await context.Response.WriteAsync(body);
            return true;
        };

        var error = Assert.ThrowsAsync<IncompleteStreamsException>(() => shop.RunAsync(Database, Settings));
        Assert.That(error!.Message, Does.Contain("orders stopped at an unreadable page").And.Contain("the next run reads the rest"), "the run fails so that schedulers see it");
        await using (var db = Database.Open())
        {
            var load = await db.GetTable<EtlLoad>().SingleAsync(l => l.Stream == "orders");
            Assert.That((load.RowsRead, load.RowsLanded, load.RowsQuarantined), Is.EqualTo((251L, 250L, 1L)), "the first page lands, the broken one is quarantined, the third is not read");
            Assert.That(await db.GetTable<EtlSourceState>().CountAsync(s => s.Stream == "orders"), Is.Zero, "the cursor did not move");
        }

        Assert.That(await OrderFactsAsync(), Is.EqualTo(250), "what was read is transformed");
        broken = false;
        await shop.RunAsync(Database, Settings);
        Assert.That(await OrderFactsAsync(), Is.EqualTo(600), "the next run reads from where the stream stopped");
    }

    [Test]
    public async Task A_list_not_in_cursor_order_that_stops_at_a_broken_page_keeps_its_cursor_and_the_next_run_reads_every_record()
    {
        // Customers are listed by id, not by updated_at: the first page holds the newest changes.
        shop.Customers.AddRange(Enumerable.Range(1, 600).Select(i => Customer(i, $"c{i}@example.com", "", Start.AddHours(600 - i))));
        var broken = true;
        shop.Server.Fault = async (context, _) =>
        {
            if (!broken || !context.Request.Path.Value!.EndsWith("customers.json", StringComparison.Ordinal) || !context.Request.QueryString.Value!.Contains("page_info", StringComparison.Ordinal)) return false;
            context.Response.ContentType = "application/json";
            context.Response.Headers.Append("Link", PageLink(shop.Server.BaseAddress, 500).Replace("orders.json", "customers.json", StringComparison.Ordinal));
            await context.Response.WriteAsync("{\"customers\":[{\"id\":251,");
            return true;
        };

        Assert.ThrowsAsync<IncompleteStreamsException>(() => shop.RunAsync(Database, Settings));
        broken = false;
        await shop.RunAsync(Database, Settings);

        await using var db = Database.Open();
        Assert.That(await db.GetTable<DimCustomer>().CountAsync(c => c.CustomerKey > 0 && c.IsCurrent), Is.EqualTo(600), "no customer is skipped for good");
    }

    [Test]
    public async Task A_redirect_to_another_host_is_not_followed_and_the_token_is_not_sent_there()
    {
        shop.Orders.Add(Ordered(1));
        shop.Server.Fault = (context, _) =>
        {
            if (!context.Request.Path.Value!.EndsWith("/orders.json", StringComparison.Ordinal)) return Task.FromResult(false);
            context.Response.StatusCode = StatusCodes.Status301MovedPermanently;
            context.Response.Headers.Location = new Uri(other.BaseAddress, "admin/api/2024-10/orders.json").ToString();
            return Task.FromResult(true);
        };

        var error = Assert.ThrowsAsync<InvalidOperationException>(() => shop.RunAsync(Database, Settings));

        Assert.That(error!.Message, Does.Contain($"points at {other.BaseAddress.Scheme}://{other.BaseAddress.Authority}").And.Contain("not followed"));
        Assert.That(tokensSeenElsewhere, Is.Empty, "no request reached the other host");
        Assert.That(await OrderFactsAsync(), Is.Zero);
        await using var db = Database.Open();
        Assert.That(await db.GetTable<EtlSourceState>().AnyAsync(s => s.Stream == "orders"), Is.False, "the cursor did not move");
    }

    [Test]
    public async Task A_redirect_within_the_same_address_is_followed()
    {
        shop.Orders.Add(Ordered(1));
        shop.Server.Fault = (context, _) =>
        {
            if (!context.Request.Path.Value!.StartsWith("/old/", StringComparison.Ordinal) && context.Request.Path.Value!.EndsWith("/orders.json", StringComparison.Ordinal)
                && !context.Request.Query.ContainsKey("moved"))
            {
                context.Response.StatusCode = StatusCodes.Status302Found;
                context.Response.Headers.Location = context.Request.Path + context.Request.QueryString + "&moved=1";
                return Task.FromResult(true);
            }

            return Task.FromResult(false);
        };

        await shop.RunAsync(Database, Settings);

        Assert.That(await OrderFactsAsync(), Is.EqualTo(1));
    }

    [Test]
    public async Task A_next_link_to_another_host_stops_the_stream_with_an_error_naming_the_host()
    {
        shop.Orders.Add(Ordered(1));
        shop.Server.Fault = (context, _) =>
        {
            context.Response.OnStarting(() =>
            {
                if (context.Request.Path.Value!.EndsWith("/orders.json", StringComparison.Ordinal)) context.Response.Headers.Append("Link", PageLink(other.BaseAddress, 0));
                return Task.CompletedTask;
            });
            return Task.FromResult(false);
        };

        var error = Assert.ThrowsAsync<InvalidOperationException>(() => shop.RunAsync(Database, Settings));

        Assert.That(error!.Message, Does.Contain($"{other.BaseAddress.Scheme}://{other.BaseAddress.Authority}"));
        Assert.That(tokensSeenElsewhere, Is.Empty);
        Assert.That(await OrderFactsAsync(), Is.Zero, "nothing of the other host's answer is loaded");
    }

    [Test]
    public void Every_source_client_refuses_an_absolute_link_to_another_host()
    {
        using var zendesk = SourceHttpClient.Create("Zendesk", shop.Server.BaseAddress, new HttpSettings(), c => c.DefaultRequestHeaders.Add("Authorization", "Bearer secret"));

        var error = Assert.ThrowsAsync<InvalidOperationException>(() => zendesk.GetAsync(new Uri(other.BaseAddress, "api/v2/groups.json?page%5Bafter%5D=x")));

        Assert.That(error!.Message, Does.StartWith("Zendesk: a link points at"));
        Assert.That(other.Requests, Is.Empty);
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task A_body_that_drips_times_out_each_attempt_and_ends_in_a_clear_error_instead_of_hanging()
    {
        shop.Orders.Add(Ordered(1));
        shop.Settings.Http = new HttpSettings { RequestsPerSecond = 1000, MaxRetries = 1, RetryDelay = TimeSpan.FromMilliseconds(20), AttemptTimeout = TimeSpan.FromSeconds(1), TotalTimeout = TimeSpan.FromSeconds(5) };
        shop.Server.Fault = async (context, _) =>
        {
            if (!context.Request.Path.Value!.EndsWith("/orders.json", StringComparison.Ordinal)) return false;
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = 10_000;
            try
            {
                for (var i = 0; i < 60; i++)
                {
                    await context.Response.WriteAsync(" ", context.RequestAborted);
                    await context.Response.Body.FlushAsync(context.RequestAborted);
                    await Task.Delay(500, context.RequestAborted);
                }
            }
            catch (OperationCanceledException)
            {
            }

            return true;
        };
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var error = Assert.CatchAsync(() => shop.RunAsync(Database, Settings));

        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(20)), "bounded by the timeouts, body included");
        Assert.That(error, Is.Not.Null);
        Assert.That(await OrderFactsAsync(), Is.Zero);
    }

    [Test]
    public async Task A_body_cut_short_by_the_connection_closing_is_retried_and_then_loads()
    {
        shop.Orders.Add(Ordered(1));
        var cut = 0;
        shop.Server.Fault = async (context, _) =>
        {
            if (!context.Request.Path.Value!.EndsWith("/orders.json", StringComparison.Ordinal) || Interlocked.Increment(ref cut) > 1) return false;
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = 10_000;
            await context.Response.WriteAsync("{\"orders\":[");
            await context.Response.Body.FlushAsync();
            context.Abort();
            return true;
        };

        await shop.RunAsync(Database, Settings);

        Assert.That(cut, Is.GreaterThanOrEqualTo(2), "the cut answer was asked again");
        Assert.That(await OrderFactsAsync(), Is.EqualTo(1));
    }
}
