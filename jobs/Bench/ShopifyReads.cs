using System.Diagnostics.Metrics;
using Warehouse.Etl.Sources.Shopify;

namespace Warehouse.Jobs.Bench;

/// <summary>Counts, from the reader's own metrics, how a stage read Shopify: bulk operations, their records, and pages.</summary>
public sealed class ShopifyReads : IDisposable
{
    private readonly MeterListener listener = new();
    private long bulkOperations, bulkRecords, bulkBytes, pages;

    public ShopifyReads()
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ShopifyGraphQlMetrics.MeterName) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            switch (instrument.Name)
            {
                case ShopifyGraphQlMetrics.BulkOperations: Interlocked.Add(ref bulkOperations, value); break;
                case ShopifyGraphQlMetrics.BulkRecords: Interlocked.Add(ref bulkRecords, value); break;
                case ShopifyGraphQlMetrics.BulkBytes: Interlocked.Add(ref bulkBytes, value); break;
                case ShopifyGraphQlMetrics.Pages: Interlocked.Add(ref pages, value); break;
            }
        });
        listener.Start();
    }

    public override string ToString() =>
        $"{Interlocked.Read(ref bulkOperations):N0} bulk operations ({Interlocked.Read(ref bulkRecords):N0} records, {Interlocked.Read(ref bulkBytes) / 1024.0 / 1024.0:N0} MB of JSON lines), " +
        $"{Interlocked.Read(ref pages):N0} paged queries";

    public void Dispose() => listener.Dispose();
}
