using Microsoft.Extensions.Configuration;

namespace Warehouse.Jobs.Host;

/// <summary>
/// Where <c>serve</c> listens, by the .NET conventions that containers and service managers set: the
/// command line's <c>--urls</c>, then the <c>Urls</c> setting, then <c>ASPNETCORE_URLS</c>, then
/// <c>ASPNETCORE_HTTP_PORTS</c> / <c>ASPNETCORE_HTTPS_PORTS</c> (every interface), else the local default.
/// </summary>
public static class ListenAddresses
{
    public const string Default = "http://127.0.0.1:5080";

    public static string Resolve(string? commandLine, IConfiguration configuration)
    {
        var urls = First(commandLine, configuration["Urls"], configuration["ASPNETCORE_URLS"]);
        if (urls is not null) return urls;
        var ports = Ports("http", configuration["ASPNETCORE_HTTP_PORTS"]).Concat(Ports("https", configuration["ASPNETCORE_HTTPS_PORTS"])).ToList();
        return ports.Count > 0 ? string.Join(';', ports) : Default;
    }

    private static string? First(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))?.Trim();

    private static IEnumerable<string> Ports(string scheme, string? list) =>
        (list ?? "").Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(port => int.TryParse(port, out var n) && n is > 0 and < 65536
                ? $"{scheme}://*:{n}"
                : throw new InvalidOperationException($"ASPNETCORE_{scheme.ToUpperInvariant()}_PORTS holds '{port}', which is not a port number."));
}
