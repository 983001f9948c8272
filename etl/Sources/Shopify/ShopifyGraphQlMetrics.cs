using System.Diagnostics.Metrics;

namespace Warehouse.Etl.Sources.Shopify;

/// <summary>
/// How the GraphQL reader read a run, as .NET metrics (meter <c>Warehouse.Shopify</c>): an exporter such as
/// OpenTelemetry sees whether a run went by bulk operation or by pages, and <c>bench</c> prints it per stage.
/// Each measurement is tagged with the connection it read (<c>root</c>: orders, customers, ...).
/// </summary>
public static class ShopifyGraphQlMetrics
{
    public const string MeterName = "Warehouse.Shopify";
    public const string BulkOperations = "shopify.graphql.bulk_operations";
    public const string Pages = "shopify.graphql.pages";
    public const string BulkRecords = "shopify.graphql.bulk_records";
    public const string BulkBytes = "shopify.graphql.bulk_bytes";

    private static readonly Meter Meter = new(MeterName);

    internal static readonly Counter<long> BulkOperationCount = Meter.CreateCounter<long>(BulkOperations, description: "Bulk operations whose result was read");
    internal static readonly Counter<long> PageCount = Meter.CreateCounter<long>(Pages, description: "Paged GraphQL queries answered");
    internal static readonly Counter<long> BulkRecordCount = Meter.CreateCounter<long>(BulkRecords, description: "Records read from bulk operation results");
    internal static readonly Counter<long> BulkByteCount = Meter.CreateCounter<long>(BulkBytes, unit: "By", description: "Size of the bulk operation results read, as their Content-Length gives it");
}
