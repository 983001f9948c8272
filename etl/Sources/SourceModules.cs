namespace Warehouse.Etl.Sources;

/// <summary>The one registration of every source, in the order <c>run</c> takes them.</summary>
public static class SourceModules
{
    public static readonly IReadOnlyList<SourceModule> All =
    [
        Shopify.ShopifySource.Module,
        Zendesk.ZendeskSource.Module,
        HubSpot.HubSpotSource.Module,
        Salesforce.SalesforceSource.Module,
        Intercom.IntercomSource.Module,
        Files.FilesSource.Module,
    ];

    public static IReadOnlyList<string> Names { get; } = All.Select(m => m.Name).ToList();

    /// <summary>The module of a source named in any case.</summary>
    public static SourceModule Find(string name) =>
        All.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown source '{name}'. Known sources: {string.Join(", ", Names)}.", nameof(name));

    /// <summary>The connector of one instance.</summary>
    public static ISource Create(SourceInstance instance, SourceSettings settings, Engines.WarehouseDatabase database) =>
        Find(instance.Source).Create(instance, settings, database);
}
