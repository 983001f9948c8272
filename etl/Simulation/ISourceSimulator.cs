using Microsoft.AspNetCore.Routing;

namespace Warehouse.Etl.Simulation;

/// <summary>
/// A loopback stand-in for a source's service, answering as the service documents its API (each rule names the
/// documentation page it follows). It lives beside the source's connector and is registered with it
/// (<see cref="Sources.SourceModule.Simulator"/>); the demo and the tests serve every registered simulator from one
/// local server.
/// </summary>
public interface ISourceSimulator
{
    /// <summary>The records each list serves, by the list's name ("orders", "tickets", "contacts", ...).</summary>
    Dictionary<string, ApiRecordSet> Records { get; }

    /// <summary>Maps the service's endpoints; <paramref name="baseAddress"/> gives the server's address for paging links.</summary>
    void Map(IEndpointRouteBuilder routes, Func<Uri> baseAddress);
}
