using Warehouse.Etl.Landing;
using Warehouse.Etl.Transforms;

namespace Warehouse.Etl.Sources;

/// <summary>
/// A source: its streams (landed in order), the staging tables they fill, and the transform steps
/// that turn staged rows into dimensions and facts. Adding a source touches nothing else.
/// </summary>
public interface ISource : IDisposable
{
    string Name { get; }

    IReadOnlyList<ISourceStream> Streams { get; }

    /// <summary>Staging tables emptied once their rows are transformed.</summary>
    IReadOnlyList<string> StagingTables { get; }

    IReadOnlyList<TransformStep> Transform { get; }
}
