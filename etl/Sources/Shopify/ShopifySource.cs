using Warehouse.Etl.Http;
using Warehouse.Etl.Landing;
using Warehouse.Etl.Transforms;

namespace Warehouse.Etl.Sources.Shopify;

/// <summary>The e-commerce source in the Shopify Admin REST shapes: customers, products, orders, checkouts.</summary>
public sealed class ShopifySource : ISource
{
    private readonly HttpClient http;

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
        var api = new ShopifyApi(http);
        Streams =
        [
            new ShopifyCustomersStream(api, settings.SegmentTags),
            new ShopifyProductsStream(api),
            new ShopifyOrdersStream(api),
            new ShopifyCheckoutsStream(api),
        ];
    }

    public SourceInstance Instance { get; }

    public TimeSpan Lookback { get; }

    public IReadOnlyList<ISourceStream> Streams { get; }

    public IReadOnlyList<TransformStep> Transform => ShopifyTransform.Steps;

    public void Dispose() => http.Dispose();
}
