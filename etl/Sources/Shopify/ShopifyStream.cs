using System.Globalization;
using Warehouse.Etl.Landing;

namespace Warehouse.Etl.Sources.Shopify;

/// <summary>A Shopify list endpoint read incrementally by updated_at, from the cursor less the lookback window.</summary>
internal abstract class ShopifyStream<TStaging>(ShopifyApi api) : SourceStream<TStaging> where TStaging : class, Schema.Stg.IStagingRow
{
    /// <summary>The endpoint and the JSON list name ("orders").</summary>
    protected abstract string Resource { get; }

    protected virtual string ExtraQuery => "";

    public override IAsyncEnumerable<SourceRecord> ReadAsync(StreamContext context, CancellationToken ct) =>
        api.ListAsync(Resource, context.Since, ExtraQuery, ct);
}
