using System.Text.Json;
using Warehouse.Etl.Landing;
using Warehouse.Schema.Stg;

namespace Warehouse.Etl.Sources.Shopify;

/// <summary>Shopify products, landed as one row per variant.</summary>
internal sealed class ShopifyProductsStream(ShopifyApis apis) : ShopifyStream<StgShopifyProductVariant>(apis)
{
    public override string Name => "products";

    protected override string Resource => "products";

    // shopify.dev/docs/api/admin-graphql/2026-07/objects/Product and .../objects/ProductVariant (price is a Money scalar).
    public static ShopifyGraphQlQuery Query { get; } = new("products", "id title productType vendor updatedAt",
        [new("variants", "ProductVariant", "id sku title price updatedAt", First: 50)]);

    protected override ShopifyGraphQlQuery GraphQl => Query;

    protected override IEnumerable<StgShopifyProductVariant> MapGraphQl(JsonElement product, StreamContext context)
    {
        var productId = context.Id(Gid(product, "id")!);
        var title = product.RequiredString("title");
        var updatedAt = product.RequiredTimestamp("updatedAt");
        var rows = Nodes(product, "variants").Select(variant => new StgShopifyProductVariant
        {
            LoadId = context.LoadId,
            VariantId = context.Id(Gid(variant, "id")!),
            ProductId = productId,
            Sku = variant.OptionalString("sku", 100),
            ProductTitle = title,
            VariantTitle = variant.OptionalString("title", 300),
            // REST gives an empty product type or vendor as null-or-empty alike; GraphQL as "".
            ProductType = product.OptionalString("productType", 100) is { Length: > 0 } type ? type : null,
            Vendor = product.OptionalString("vendor", 100) is { Length: > 0 } vendor ? vendor : null,
            Price = variant.OptionalDecimal("price"),
            UpdatedAt = variant.OptionalTimestamp("updatedAt") is { } at && at > updatedAt ? at : updatedAt,
        }).ToList();
        return rows.Count > 0 ? rows : throw new RecordRejectedException("product has no variants");
    }

    protected override IEnumerable<StgShopifyProductVariant> MapRest(JsonElement product, StreamContext context)
    {
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
