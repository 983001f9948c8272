using Warehouse.Etl.Simulation;
using Warehouse.Etl.Http;
using Warehouse.Etl.Pipeline;
using Warehouse.Etl.Sources;
using Warehouse.Etl.Sources.Zendesk;
using Warehouse.Jobs.Demo;

namespace Warehouse.Tests.Fixtures;

/// <summary>A local Zendesk-shaped server and the real connector pointed at it.</summary>
internal sealed class ZendeskTestSource : IAsyncDisposable
{
    private ZendeskTestSource(LoopbackApiServer server) => Server = server;

    public LoopbackApiServer Server { get; }

    public List<string> Groups { get; } = [];
    public List<string> Users { get; } = [];
    public List<string> SlaPolicies { get; } = [];
    public List<string> Tickets { get; } = [];
    public List<string> Audits { get; } = [];
    public List<string> Ratings { get; } = [];

    public SourceSettings Settings { get; } = new()
    {
        Token = "test-token",
        Lookback = TimeSpan.Zero,
        Http = new HttpSettings { RequestsPerSecond = 1000, MaxRetries = 3, RetryDelay = TimeSpan.FromMilliseconds(20), AttemptTimeout = TimeSpan.FromSeconds(2), TotalTimeout = TimeSpan.FromSeconds(30) },
    };

    /// <summary>The instance the connector lands as (the default instance unless a test names another).</summary>
    public SourceInstance? Instance { get; set; }

    public static async Task<ZendeskTestSource> StartAsync() => new(await LoopbackApiServer.StartAsync());

    public async Task<SourceRunResult> RunAsync(Warehouse.Engines.WarehouseDatabase database, WarehouseSettings settings)
    {
        Server.Zendesk["groups"] = ApiRecordSet.FromJson(Groups);
        Server.Zendesk["users"] = ApiRecordSet.FromJson(Users);
        Server.Zendesk["sla_policies"] = ApiRecordSet.FromJson(SlaPolicies);
        Server.Zendesk["tickets"] = ApiRecordSet.FromJson(Tickets);
        Server.Zendesk["ticket_audits"] = ApiRecordSet.FromJson(Audits, "created_at");
        Server.Zendesk["satisfaction_ratings"] = ApiRecordSet.FromJson(Ratings);
        Settings.BaseUrl = Server.BaseAddress.ToString();
        using var source = new ZendeskSource(Settings, Instance);
        return await new SourcePipeline(database, settings).RunAsync(source, CancellationToken.None);
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
