using Warehouse.Engines;
using Warehouse.Etl.Sources.Files;
using Warehouse.Etl.Sources.Shopify;

namespace Warehouse.Etl.Sources;

/// <summary>Creates the connector of a source from its settings.</summary>
public static class SourceFactory
{
    public static ISource Create(string name, SourceSettings settings, WarehouseDatabase database) => SourceNames.Canonical(name) switch
    {
        SourceNames.Shopify => new ShopifySource(settings),
        SourceNames.Zendesk => new Zendesk.ZendeskSource(settings),
        SourceNames.HubSpot => new HubSpot.HubSpotSource(settings),
        SourceNames.Files => new FilesSource(settings, database),
        _ => throw new ArgumentException($"No connector for source {name}.", nameof(name)),
    };
}
