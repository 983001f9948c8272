using Warehouse.Etl.Simulation;
using Warehouse.Etl.Http;
using Warehouse.Etl.Pipeline;
using Warehouse.Etl.Sources;
using Warehouse.Etl.Sources.Shopify;
using Warehouse.Jobs.Demo;

namespace Warehouse.Tests.Fixtures;

/// <summary>A local Shopify-shaped server and the real connector pointed at it, with fast retries for tests.</summary>
internal sealed class ShopifyTestSource : IAsyncDisposable
{
    private ShopifyTestSource(LoopbackApiServer server) => Server = server;

    public LoopbackApiServer Server { get; }

    public List<string> Customers { get; } = [];
    public List<string> Products { get; } = [];
    public List<string> Orders { get; } = [];
    public List<string> Checkouts { get; } = [];

    public SourceSettings Settings { get; } = new()
    {
        Token = "test-token",
        // The REST connector unless a test asks for GraphQL (ShopifyGraphQlTests).
        Api = "Rest",
        Lookback = TimeSpan.FromMinutes(1),
        Http = new HttpSettings { RequestsPerSecond = 1000, MaxRetries = 3, RetryDelay = TimeSpan.FromMilliseconds(20), AttemptTimeout = TimeSpan.FromSeconds(2), TotalTimeout = TimeSpan.FromSeconds(30) },
    };

    /// <summary>The instance the connector lands as (the default instance unless a test names another).</summary>
    public SourceInstance? Instance { get; set; }

    public static async Task<ShopifyTestSource> StartAsync() => new(await LoopbackApiServer.StartAsync());

    /// <summary>Serves the current record lists and runs the Shopify source once: land every stream, then transform.</summary>
    public async Task<SourceRunResult> RunAsync(Warehouse.Engines.WarehouseDatabase database, WarehouseSettings settings)
    {
        Server.Shopify["customers"] = ApiRecordSet.FromJson(Customers);
        Server.Shopify["products"] = ApiRecordSet.FromJson(Products);
        Server.Shopify["orders"] = ApiRecordSet.FromJson(Orders);
        Server.Shopify["checkouts"] = ApiRecordSet.FromJson(Checkouts);
        Settings.BaseUrl = Server.BaseAddress.ToString();
        using var source = new ShopifySource(Settings, Instance);
        return await new SourcePipeline(database, settings).RunAsync(source, CancellationToken.None);
    }

    public int RequestsTo(string resource) => Server.Requests.Count(r => r.Contains($"/{resource}.json", StringComparison.Ordinal));

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
