using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Warehouse.Jobs.Demo;

/// <summary>
/// A local HTTP server on 127.0.0.1 that answers like the services do: the Shopify Admin REST list
/// endpoints with their Link-header paging and updated_at_min filter. The demo points the connectors
/// at it; tests add faults (429, 500, a hang) through <see cref="Fault"/>. It never leaves the machine.
/// </summary>
public sealed class LoopbackApiServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private int requestCount;

    private LoopbackApiServer(WebApplication app) => this.app = app;

    /// <summary>Shopify resources ("orders", ...) and the records they serve.</summary>
    public Dictionary<string, ApiRecordSet> Shopify { get; } = new(StringComparer.Ordinal);

    /// <summary>Runs before every request; returning true means the fault answered it.</summary>
    public Func<HttpContext, int, Task<bool>>? Fault { get; set; }

    /// <summary>Requests seen, with their path and query, in order.</summary>
    public List<string> Requests { get; } = [];

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
            await next(context);
        });
        app.MapGet("/admin/api/{version}/{resource}.json", (string resource, HttpContext context) => server.ShopifyListAsync(resource, context));
        await app.StartAsync(ct);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    private async Task ShopifyListAsync(string resource, HttpContext context)
    {
        if (!Shopify.TryGetValue(resource, out var records))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var query = context.Request.Query;
        var limit = Math.Clamp(int.TryParse(query["limit"], out var l) ? l : 50, 1, 250);
        int start;
        if (query.TryGetValue("page_info", out var pageInfo))
        {
            start = int.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(pageInfo!)), CultureInfo.InvariantCulture);
        }
        else
        {
            DateTime? since = DateTimeOffset.TryParse(query["updated_at_min"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var s) ? s.UtcDateTime : null;
            start = records.FirstUpdatedSince(since);
        }

        var page = await records.ReadAsync(start, limit, context.RequestAborted);
        var next = start + page.Count;
        if (page.Count == limit && next < records.Count)
        {
            var token = Convert.ToBase64String(Encoding.UTF8.GetBytes(next.ToString(CultureInfo.InvariantCulture)));
            context.Response.Headers.Append("Link", $"<{BaseAddress}admin/api/2024-10/{resource}.json?limit={limit}&page_info={Uri.EscapeDataString(token)}>; rel=\"next\"");
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync($"{{\"{resource}\":[{string.Join(",", page)}]}}", context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
