using Warehouse.Etl.Http;
using Warehouse.Etl.Landing;
using Warehouse.Etl.Transforms;

namespace Warehouse.Etl.Sources.Shopify;

/// <summary>The e-commerce source in the Shopify Admin REST shapes: customers, products, orders, checkouts.</summary>
public sealed class ShopifySource : ISource
{
    private readonly HttpClient http;

    public ShopifySource(SourceSettings settings)
    {
        if (string.IsNullOrWhiteSpace(settings.BaseUrl)) throw new InvalidOperationException("Sources:Shopify:BaseUrl is not set (the shop's address, e.g. https://example.myshopify.com/).");
        http = SourceHttpClient.Create(Name, new Uri(settings.BaseUrl.TrimEnd('/') + "/"), settings.Http, client =>
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

    public string Name => SourceNames.Shopify;

    public IReadOnlyList<ISourceStream> Streams { get; }

    public IReadOnlyList<string> StagingTables { get; } =
        ["stg.shopify_customer", "stg.shopify_product_variant", "stg.shopify_order_line", "stg.shopify_checkout"];

    public IReadOnlyList<TransformStep> Transform => ShopifyTransform.Steps;

    public void Dispose() => http.Dispose();
}
