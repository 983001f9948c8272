using System.Net;
using System.Security.Cryptography;
using System.Text;
using Hangfire.Dashboard;

namespace Warehouse.Jobs.Host;

/// <summary>
/// The dashboard is served without login only to the local machine. Anyone else must send the configured
/// credentials (<c>Dashboard:User</c>, <c>Dashboard:Password</c>) with Basic authentication; without them
/// configured, remote access is refused. Behind a reverse proxy on the same host, the forwarded client
/// address is what counts (the host handles X-Forwarded-For from loopback proxies).
/// </summary>
public sealed class DashboardAccess(string? user, string? password) : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context) => IsAllowed(context.GetHttpContext());

    public bool IsAllowed(Microsoft.AspNetCore.Http.HttpContext http)
    {
        var remote = http.Connection.RemoteIpAddress;
        if (remote is not null && IPAddress.IsLoopback(remote)) return true;
        if (!string.IsNullOrEmpty(user) && !string.IsNullOrEmpty(password) && HasCredentials(http.Request.Headers.Authorization.ToString())) return true;
        http.Response.Headers.WWWAuthenticate = "Basic realm=\"cx-warehouse\"";
        return false;
    }

    private bool HasCredentials(string header)
    {
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)) return false;
        string decoded;
        try { decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim())); }
        catch (FormatException) { return false; }
        var expected = Encoding.UTF8.GetBytes($"{user}:{password}");
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(decoded), expected);
    }
}
