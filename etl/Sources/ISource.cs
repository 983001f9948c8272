using Warehouse.Etl.Landing;
using Warehouse.Etl.Transforms;

namespace Warehouse.Etl.Sources;

/// <summary>
/// The connector of one source instance: its streams (landed in order), the staging tables they fill, and the
/// transform steps that turn staged rows into dimensions and facts. A source is registered once, in <see cref="SourceModules"/>.
/// </summary>
public interface ISource : IDisposable
{
    SourceInstance Instance { get; }

    /// <summary>The instance's key (<c>Shopify</c>, <c>Shopify:eu</c>): loads, cursors, quarantine and locks are kept under it.</summary>
    string Name => Instance.Key;

    /// <summary>Each run re-reads this much history before the cursor (Sources:&lt;Source&gt;:Lookback).</summary>
    TimeSpan Lookback { get; }

    IReadOnlyList<ISourceStream> Streams { get; }

    /// <summary>Staging tables emptied once their rows are transformed: those the streams land in.</summary>
    IReadOnlyList<string> StagingTables => Streams.Select(s => s.StagingTable).Distinct(StringComparer.Ordinal).ToList();

    IReadOnlyList<TransformStep> Transform { get; }

    /// <summary>The objects the source counts itself, checked against the warehouse after each run; none when it publishes no counts.</summary>
    IReadOnlyList<Reconciliation.ReconciledObject> Reconciled => [];
}
