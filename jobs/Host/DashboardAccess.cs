using System.Net;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.Http;

namespace Warehouse.Jobs.Host;

/// <summary>
/// The dashboards (Hangfire's and the executive page) are served without login only to the local machine.
/// Anyone else must send the configured credentials with Basic authentication; without them configured,
/// remote access is refused. Behind a reverse proxy on the same host, the forwarded client address is
/// what counts (the host handles X-Forwarded-For from loopback proxies).
/// </summary>
public sealed class DashboardAccess(BasicCredentials credentials) : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context) => IsAllowed(context.GetHttpContext());

    public bool IsAllowed(HttpContext http)
    {
        var remote = http.Connection.RemoteIpAddress;
        if (remote is not null && IPAddress.IsLoopback(remote)) return true;
        if (credentials.Match(http.Request)) return true;
        http.Response.Headers.WWWAuthenticate = BasicCredentials.Challenge;
        return false;
    }
}
