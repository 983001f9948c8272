using Microsoft.AspNetCore.Http;
using Warehouse.Jobs.Host;

namespace Warehouse.Jobs.Feed;

/// <summary>
/// The feed answers only requests with the configured Basic credentials, local or remote alike (what
/// Excel's and Power BI's OData connectors send); anything else gets 401 with a Basic challenge and a body that says
/// what to do (a BI tool shows it; an empty 401 leaves the analyst guessing).
/// </summary>
public sealed class FeedAccess(RequestDelegate next, BasicCredentials credentials)
{
    public Task InvokeAsync(HttpContext http)
    {
        if (credentials.Match(http.Request)) return next(http);
        http.Response.StatusCode = StatusCodes.Status401Unauthorized;
        http.Response.Headers.WWWAuthenticate = BasicCredentials.Challenge;
        http.Response.ContentType = "text/plain; charset=utf-8";
        return http.Response.WriteAsync(credentials.IsConfigured
            ? "The OData feed needs the user and password of Dashboard:User and Dashboard:Password (Basic authentication)."
            : "The OData feed is closed: set Dashboard:User and Dashboard:Password on the server, then sign in with them (Basic authentication).");
    }
}
