using Warehouse.Etl.Simulation;
using Warehouse.Etl.Http;
using Warehouse.Etl.Pipeline;
using Warehouse.Etl.Sources;
using Warehouse.Etl.Sources.HubSpot;
using Warehouse.Jobs.Demo;

namespace Warehouse.Tests.Fixtures;

/// <summary>A local HubSpot-shaped server and the real connector pointed at it.</summary>
internal sealed class HubSpotTestSource : IAsyncDisposable
{
    private HubSpotTestSource(LoopbackApiServer server) => Server = server;

    public LoopbackApiServer Server { get; }

    public List<string> Owners { get; } = [];
    public List<string> Contacts { get; } = [];
    public List<string> Deals { get; } = [];
    public List<string> Companies { get; } = [];

    public SourceSettings Settings { get; } = new()
    {
        Token = "test-token",
        Lookback = TimeSpan.Zero,
        Http = new HttpSettings { RequestsPerSecond = 1000, MaxRetries = 3, RetryDelay = TimeSpan.FromMilliseconds(20), AttemptTimeout = TimeSpan.FromSeconds(2), TotalTimeout = TimeSpan.FromSeconds(30) },
    };

    public static async Task<HubSpotTestSource> StartAsync() => new(await LoopbackApiServer.StartAsync());

    public async Task<SourceRunResult> RunAsync(Warehouse.Engines.WarehouseDatabase database, WarehouseSettings settings)
    {
        static bool Archived(string r) => r.Contains("\"archived\":true", StringComparison.Ordinal);
        Server.HubSpot["owners"] = ApiRecordSet.FromJson(Owners, "updatedAt");
        Server.HubSpot["contacts"] = ApiRecordSet.FromJson(Contacts, "updatedAt", r => !Archived(r));
        Server.HubSpot["contacts_archived"] = ApiRecordSet.FromJson(Contacts, "updatedAt", Archived);
        Server.HubSpot["deals"] = ApiRecordSet.FromJson(Deals, "updatedAt");
        Server.HubSpot["companies"] = ApiRecordSet.FromJson(Companies, "updatedAt");
        Settings.BaseUrl = Server.BaseAddress.ToString();
        using var source = new HubSpotSource(Settings);
        return await new SourcePipeline(database, settings).RunAsync(source, CancellationToken.None);
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
