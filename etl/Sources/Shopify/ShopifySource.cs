using Warehouse.Etl.Http;
using Warehouse.Etl.Landing;
using Warehouse.Etl.Transforms;

namespace Warehouse.Etl.Sources.Shopify;

/// <summary>
/// The e-commerce source: customers, products, orders and abandoned checkouts of a Shopify shop, read through the
/// GraphQL Admin API (with bulk operations for first loads and large changes) or, when <c>Api</c> is <c>Rest</c>, the
/// legacy REST Admin API.
/// </summary>
public sealed class ShopifySource : ISource
{
    private readonly HttpClient http;
    private readonly HttpClient? download;

    public static SourceModule Module { get; } = new(SourceNames.Shopify, ShopifyTransform.Steps, (instance, settings, _) => new ShopifySource(settings, instance))
    {
        Simulator = () => new ShopifySimulator(),
    };

    public ShopifySource(SourceSettings settings, SourceInstance? instance = null)
    {
        Instance = instance ?? SourceInstance.Default(SourceNames.Shopify);
        Lookback = settings.Lookback;
        if (string.IsNullOrWhiteSpace(settings.BaseUrl)) throw new InvalidOperationException($"{Instance.SettingKey("BaseUrl")} is not set (the shop's address, e.g. https://example.myshopify.com/).");
        http = SourceHttpClient.Create(Instance.Key, new Uri(settings.BaseUrl.TrimEnd('/') + "/"), settings.Http, client =>
        {
            if (!string.IsNullOrEmpty(settings.Token)) client.DefaultRequestHeaders.Add("X-Shopify-Access-Token", settings.Token);
        });
        ShopifyApis apis;
        if (string.Equals(settings.Api, "GraphQL", StringComparison.OrdinalIgnoreCase))
        {
            if (settings.BulkThreshold < 0) throw new InvalidOperationException($"{Instance.SettingKey("BulkThreshold")} is negative ({settings.BulkThreshold}).");
            // Bulk results are a signed URL on a storage host: fetched by a client of their own that sends no token and
            // streams the body (the API client buffers each answer).
#pragma warning disable CA2000 // the client owns its handler
            download = new HttpClient(new SocketsHttpHandler { ConnectTimeout = settings.Http.AttemptTimeout, MaxAutomaticRedirections = 3 }) { Timeout = Timeout.InfiniteTimeSpan };
#pragma warning restore CA2000
            apis = new ShopifyApis(null, new ShopifyGraphQlApi(http, download, settings.BulkThreshold, settings.Http));
        }
        else if (string.Equals(settings.Api, "Rest", StringComparison.OrdinalIgnoreCase))
        {
            apis = new ShopifyApis(new ShopifyApi(http, settings.Http), null);
        }
        else
        {
            throw new InvalidOperationException($"{Instance.SettingKey("Api")} is '{settings.Api}': it is GraphQL (the default) or Rest.");
        }

        Streams =
        [
            new ShopifyCustomersStream(apis, settings.SegmentTags),
            new ShopifyProductsStream(apis),
            new ShopifyOrdersStream(apis),
            new ShopifyCheckoutsStream(apis),
        ];
        Reconciled = ShopifyReconciliation.Objects(apis, Instance);
    }

    public SourceInstance Instance { get; }

    public TimeSpan Lookback { get; }

    public IReadOnlyList<ISourceStream> Streams { get; }

    public IReadOnlyList<TransformStep> Transform => ShopifyTransform.Steps;

    public IReadOnlyList<Reconciliation.ReconciledObject> Reconciled { get; }

    public void Dispose()
    {
        http.Dispose();
        download?.Dispose();
    }
}
