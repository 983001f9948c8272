using System.Security.Cryptography;
using System.Text;

namespace Warehouse.Etl.Sources;

/// <summary>
/// The conformed identity of a person across sources: the SHA-256 of the e-mail address, trimmed and
/// lower-cased, so " Jane.Doe@Example.com" in one source and "jane.doe@example.com" in another are one
/// customer. A record without e-mail is known by its source and id only.
/// </summary>
public static class CustomerIdentity
{
    public static string? Normalize(string? email) =>
        string.IsNullOrWhiteSpace(email) ? null : email.Trim().ToLowerInvariant();

    public static string? Hash(string? email)
    {
        var normalized = Normalize(email);
        return normalized is null ? null : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalized)));
    }

    public static string? Of(string? email, string source, string? sourceId) =>
        Hash(email) ?? (sourceId is null ? null : $"{source}:{sourceId}");
}
