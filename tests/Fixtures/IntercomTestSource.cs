using Warehouse.Etl.Http;
using Warehouse.Etl.Pipeline;
using Warehouse.Etl.Simulation;
using Warehouse.Etl.Sources;
using Warehouse.Etl.Sources.Intercom;
using Warehouse.Jobs.Demo;

namespace Warehouse.Tests.Fixtures;

/// <summary>A local Intercom-shaped server (the IntercomSimulator) and the real connector pointed at it.</summary>
internal sealed class IntercomTestSource : IAsyncDisposable
{
    private IntercomTestSource(LoopbackApiServer server) => Server = server;

    public LoopbackApiServer Server { get; }

    public List<string> Teams { get; } = [];
    public List<string> Admins { get; } = [];
    public List<string> Contacts { get; } = [];
    public List<string> Companies { get; } = [];
    public List<string> Conversations { get; } = [];

    public SourceSettings Settings { get; } = new()
    {
        Token = "test-token",
        Lookback = TimeSpan.Zero,
        Http = new HttpSettings { RequestsPerSecond = 1000, MaxRetries = 3, RetryDelay = TimeSpan.FromMilliseconds(20), AttemptTimeout = TimeSpan.FromSeconds(5), TotalTimeout = TimeSpan.FromSeconds(30) },
    };

    public SourceInstance? Instance { get; set; }

    public static async Task<IntercomTestSource> StartAsync() => new(await LoopbackApiServer.StartAsync());

    public async Task<SourceRunResult> RunAsync(Warehouse.Engines.WarehouseDatabase database, WarehouseSettings settings)
    {
        Server.Intercom["teams"] = ApiRecordSet.FromJson(Teams);
        Server.Intercom["admins"] = ApiRecordSet.FromJson(Admins);
        Server.Intercom["contacts"] = ApiRecordSet.FromJson(Contacts);
        Server.Intercom["companies"] = ApiRecordSet.FromJson(Companies);
        Server.Intercom["conversations"] = ApiRecordSet.FromJson(Conversations);
        Settings.BaseUrl = Server.BaseAddress.ToString();
        using var source = new IntercomSource(Settings, Instance);
        return await new SourcePipeline(database, settings).RunAsync(source, CancellationToken.None);
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
