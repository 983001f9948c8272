using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Warehouse.Etl.Simulation;
using Warehouse.Etl.Sources;
using Warehouse.Etl.Sources.HubSpot;
using Warehouse.Etl.Sources.Shopify;
using Warehouse.Etl.Sources.Zendesk;

namespace Warehouse.Jobs.Demo;

/// <summary>
/// A local HTTP server on 127.0.0.1 serving every registered source's simulator (<see cref="SourceModule.Simulator"/>,
/// each beside its connector: ShopifySimulator, ZendeskSimulator, HubSpotSimulator), which answer as the services
/// document their APIs; SimulatorShapeTests hold the answers' envelopes, field names and types to the recorded real
/// responses. The demo points the connectors at it; tests add faults (429 with
/// Retry-After, 500, a hang) through <see cref="Fault"/>. It never leaves the machine.
/// </summary>
public sealed class LoopbackApiServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private int requestCount;

    /// <summary>Every registered source's simulator, by source name.</summary>
    private readonly Dictionary<string, ISourceSimulator> simulators = SourceModules.All
        .Where(m => m.Simulator is not null).ToDictionary(m => m.Name, m => m.Simulator!(), StringComparer.OrdinalIgnoreCase);

    private LoopbackApiServer(WebApplication app) => this.app = app;

    /// <summary>The simulator of one source.</summary>
    public T Simulator<T>() where T : ISourceSimulator => simulators.Values.OfType<T>().Single();

    /// <summary>Shopify resources ("orders", ...) and the records they serve.</summary>
    public Dictionary<string, ApiRecordSet> Shopify => Simulator<ShopifySimulator>().Records;

    /// <summary>Zendesk lists ("tickets", "users", "ticket_audits", "groups", "satisfaction_ratings", "sla_policies").</summary>
    public Dictionary<string, ApiRecordSet> Zendesk => Simulator<ZendeskSimulator>().Records;

    /// <summary>HubSpot object types ("contacts", "deals", "owners") and, with the suffix "_archived", their archived records.</summary>
    public Dictionary<string, ApiRecordSet> HubSpot => Simulator<HubSpotSimulator>().Records;

    /// <summary>Intercom lists ("admins", "teams", "contacts", "conversations" whole with their parts).</summary>
    public Dictionary<string, ApiRecordSet> Intercom => Simulator<Warehouse.Etl.Sources.Intercom.IntercomSimulator>().Records;

    /// <summary>The Salesforce simulator: objects by API name ("Lead", "Opportunity"), their fields, limits and bulk jobs.</summary>
    public Warehouse.Etl.Sources.Salesforce.SalesforceSimulator Salesforce => Simulator<Warehouse.Etl.Sources.Salesforce.SalesforceSimulator>();

    /// <summary>Records per page of the Zendesk incremental export (the service allows up to 1000).</summary>
    public int ZendeskExportPageSize { get => Simulator<ZendeskSimulator>().ExportPageSize; set => Simulator<ZendeskSimulator>().ExportPageSize = value; }

    /// <summary>Bodies POSTed to /webhook (an alert receiver for tests).</summary>
    public List<string> Webhooks { get; } = [];

    /// <summary>
    /// Runs before every request; returning true means the fault answered it. Rate limits are faults a test sets:
    /// each service answers 429 with a Retry-After header in seconds (shopify.dev/docs/api/admin-rest/usage/rate-limits,
    /// developer.zendesk.com/api-reference/introduction/rate-limits; HubSpot's 429 is described at
    /// developers.hubspot.com/docs/developer-tooling/platform/usage-guidelines).
    /// </summary>
    public Func<HttpContext, int, Task<bool>>? Fault { get; set; }

    /// <summary>Requests seen, with their path and query, in order.</summary>
    public List<string> Requests { get; } = [];

    /// <summary>With <see cref="RecordExchanges"/>, every request and the answer given, for contract tests to check against a service's published description.</summary>
    public List<ApiExchange> Exchanges { get; } = [];

    public bool RecordExchanges { get; set; }

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    public static async Task<LoopbackApiServer> StartAsync(CancellationToken ct = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new LoopbackApiServer(app);
        app.Use(async (context, next) =>
        {
            var number = Interlocked.Increment(ref server.requestCount);
            lock (server.Requests) server.Requests.Add(context.Request.Path + context.Request.QueryString);
            if (server.Fault is { } fault && await fault(context, number)) return;
            if (!server.RecordExchanges)
            {
                await next(context);
                return;
            }

            // The request's body too (a search's query), read ahead of the endpoint and rewound for it.
            context.Request.EnableBuffering();
            var request = await new StreamReader(context.Request.Body, leaveOpen: true).ReadToEndAsync(context.RequestAborted);
            context.Request.Body.Position = 0;
            var original = context.Response.Body;
            using var answer = new MemoryStream();
            context.Response.Body = answer;
            try
            {
                await next(context);
            }
            finally
            {
                context.Response.Body = original;
            }

            var body = answer.ToArray();
            lock (server.Exchanges)
            {
                server.Exchanges.Add(new ApiExchange(context.Request.Method, context.Request.Path.Value ?? "", context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString()),
                    context.Response.StatusCode, context.Response.ContentType, System.Text.Encoding.UTF8.GetString(body), request.Length == 0 ? null : request,
                    context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)));
            }

            await original.WriteAsync(body, context.RequestAborted);
        });
        foreach (var simulator in server.simulators.Values) simulator.Map(app, () => server.BaseAddress);
        app.MapPost("/webhook", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            lock (server.Webhooks) server.Webhooks.Add(body);
        });
        await app.StartAsync(ct);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

/// <summary>A request to the loopback server and the answer it gave.</summary>
public sealed record ApiExchange(string Method, string Path, IReadOnlyDictionary<string, string> Query, int Status, string? ContentType, string Body, string? RequestBody = null,
    IReadOnlyDictionary<string, string>? RequestHeaders = null);
