using System.Text.Json;
using Warehouse.Etl.Landing;

namespace Warehouse.Etl.Sources.Shopify;

/// <summary>The API a Shopify instance is read through: GraphQL (the default) or the legacy REST Admin API.</summary>
internal sealed record ShopifyApis(ShopifyApi? Rest, ShopifyGraphQlApi? GraphQl);

/// <summary>
/// A Shopify list read incrementally by its update time, from the cursor less the lookback window, through REST or
/// GraphQL. Each stream maps both shapes to the same staging rows, side by side, so a rule changes in one place.
/// </summary>
internal abstract class ShopifyStream<TStaging>(ShopifyApis apis) : SourceStream<TStaging> where TStaging : class, Schema.Stg.IStagingRow
{
    /// <summary>The REST endpoint and its JSON list name ("orders").</summary>
    protected abstract string Resource { get; }

    protected virtual string ExtraQuery => "";

    /// <summary>What the stream reads through GraphQL.</summary>
    protected abstract ShopifyGraphQlQuery GraphQl { get; }

    public override IAsyncEnumerable<SourceRecord> ReadAsync(StreamContext context, CancellationToken ct) => apis.GraphQl is { } graphQl
        ? graphQl.ReadAsync(GraphQl, context.Since, ct)
        : apis.Rest!.ListAsync(Resource, context.Since, ExtraQuery, ct);

    public override IEnumerable<TStaging> Map(SourceRecord record, StreamContext context) =>
        apis.GraphQl is null ? MapRest(record.Json, context) : MapGraphQl(record.Json, context);

    /// <summary>Rows of a REST record (shopify.dev/docs/api/admin-rest).</summary>
    protected abstract IEnumerable<TStaging> MapRest(JsonElement json, StreamContext context);

    /// <summary>Rows of a GraphQL node (shopify.dev/docs/api/admin-graphql), its connections as <c>{ nodes: [...] }</c>.</summary>
    protected abstract IEnumerable<TStaging> MapGraphQl(JsonElement json, StreamContext context);

    /// <summary>The numeric id of a global id property (gid://shopify/Order/123 → "123"), as REST gives it.</summary>
    protected static string? Gid(JsonElement json, string property) =>
        json.OptionalString(property, 200) is { } gid ? ShopifyGraphQlApi.NumericId(gid) : null;

    /// <summary>The nodes of a connection property.</summary>
    protected static IEnumerable<JsonElement> Nodes(JsonElement json, string property) => json.Property(property).Array("nodes");

    /// <summary>The shop-money amount of a MoneyBag property (never the presentment money).</summary>
    protected static decimal? ShopMoney(JsonElement json, string property) => json.Property(property).Property("shopMoney").OptionalDecimal("amount");
}
