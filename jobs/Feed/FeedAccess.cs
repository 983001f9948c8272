using Microsoft.AspNetCore.Http;
using Warehouse.Jobs.Host;

namespace Warehouse.Jobs.Feed;

/// <summary>
/// The feed answers only requests with the configured Basic credentials, local or remote alike (what
/// Excel's and Power BI's OData connectors send); anything else gets 401 with a Basic challenge.
/// </summary>
public sealed class FeedAccess(RequestDelegate next, BasicCredentials credentials)
{
    public Task InvokeAsync(HttpContext http)
    {
        if (credentials.Match(http.Request)) return next(http);
        http.Response.StatusCode = StatusCodes.Status401Unauthorized;
        http.Response.Headers.WWWAuthenticate = BasicCredentials.Challenge;
        return Task.CompletedTask;
    }
}
