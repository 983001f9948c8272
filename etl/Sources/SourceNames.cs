namespace Warehouse.Etl.Sources;

/// <summary>The sources the warehouse knows, by their configuration names.</summary>
public static class SourceNames
{
    public const string Shopify = "Shopify";
    public const string Zendesk = "Zendesk";
    public const string HubSpot = "HubSpot";
    public const string Files = "Files";

    public static readonly IReadOnlyList<string> All = [Shopify, Zendesk, HubSpot, Files];

    public static string Canonical(string name) =>
        All.FirstOrDefault(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown source '{name}'. Known sources: {string.Join(", ", All)}.", nameof(name));
}
