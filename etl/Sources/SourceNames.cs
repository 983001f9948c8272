namespace Warehouse.Etl.Sources;

/// <summary>The configuration names of the sources (their registration is <see cref="SourceModules"/>).</summary>
public static class SourceNames
{
    public const string Shopify = "Shopify";
    public const string Zendesk = "Zendesk";
    public const string HubSpot = "HubSpot";
    public const string Intercom = "Intercom";
    public const string Salesforce = "Salesforce";
    public const string Files = "Files";
}
