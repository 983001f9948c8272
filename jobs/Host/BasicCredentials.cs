using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Warehouse.Jobs.Host;

/// <summary>
/// The configured credentials (<c>Dashboard:User</c>, <c>Dashboard:Password</c>) checked against a request's
/// Basic authentication header in constant time. Without both configured, nothing matches.
/// </summary>
public sealed class BasicCredentials(string? user, string? password)
{
    public const string Challenge = "Basic realm=\"cx-warehouse\", charset=\"UTF-8\"";

    public bool IsConfigured => !string.IsNullOrEmpty(user) && !string.IsNullOrEmpty(password);

    public bool Match(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!IsConfigured || !header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)) return false;
        byte[] decoded;
        try { decoded = Convert.FromBase64String(header[6..].Trim()); }
        catch (FormatException) { return false; }
        return CryptographicOperations.FixedTimeEquals(decoded, Encoding.UTF8.GetBytes($"{user}:{password}"));
    }
}
