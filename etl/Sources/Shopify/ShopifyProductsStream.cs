using Warehouse.Etl.Landing;
using Warehouse.Schema.Stg;

namespace Warehouse.Etl.Sources.Shopify;

/// <summary>Shopify products, landed as one row per variant.</summary>
internal sealed class ShopifyProductsStream(ShopifyApi api) : ShopifyStream<StgShopifyProductVariant>(api)
{
    public override string Name => "products";

    protected override string Resource => "products";

    public override IEnumerable<StgShopifyProductVariant> Map(SourceRecord record, StreamContext context)
    {
        var product = record.Json;
        var productId = context.Id(product.RequiredId("id"));
        var title = product.RequiredString("title");
        var updatedAt = product.RequiredTimestamp("updated_at");
        var rows = product.Array("variants").Select(variant => new StgShopifyProductVariant
        {
            LoadId = context.LoadId,
            VariantId = context.Id(variant.RequiredId("id")),
            ProductId = productId,
            Sku = variant.OptionalString("sku", 100),
            ProductTitle = title,
            VariantTitle = variant.OptionalString("title", 300),
            ProductType = product.OptionalString("product_type", 100),
            Vendor = product.OptionalString("vendor", 100),
            Price = variant.OptionalDecimal("price"),
            UpdatedAt = variant.OptionalTimestamp("updated_at") is { } at && at > updatedAt ? at : updatedAt,
        }).ToList();
        return rows.Count > 0 ? rows : throw new RecordRejectedException("product has no variants");
    }
}
