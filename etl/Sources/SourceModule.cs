using Warehouse.Engines;

namespace Warehouse.Etl.Sources;

/// <summary>
/// A source as the warehouse registers it: its configuration name and how one instance's connector is built
/// from that instance's settings, and the transform steps every instance's landed rows go through. Streams, and
/// the staging tables they fill, belong to the connector.
/// </summary>
public sealed record SourceModule(string Name, IReadOnlyList<Transforms.TransformStep> Transform, Func<SourceInstance, SourceSettings, WarehouseDatabase, ISource> Create)
{
    /// <summary>The loopback simulator of the source's service, for the demo and the tests; null for a source without a service (file drops).</summary>
    public Func<Simulation.ISourceSimulator>? Simulator { get; init; }

    /// <summary>
    /// Off unless its configuration section exists: a source added to the product later does not start running (and
    /// failing for want of a token) in a warehouse whose configuration never named it.
    /// </summary>
    public bool OffUntilConfigured { get; init; }
}
