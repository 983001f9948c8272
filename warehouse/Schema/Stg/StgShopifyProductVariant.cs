using LinqToDB.Mapping;

namespace Warehouse.Schema.Stg;

/// <summary>Shopify product variants (one row per variant, product fields repeated).</summary>
[Table(Schema = Areas.Stg, Name = "shopify_product_variant")]
public sealed class StgShopifyProductVariant : IStagingRow
{
    [Column("load_id", CanBeNull = false)]
    public long LoadId { get; set; }

    [Column(SourceInstanceColumn.Name, Length = SourceInstanceColumn.Length, CanBeNull = false)]
    public string SourceInstance { get; set; } = SourceInstanceColumn.Default;

    [Column("variant_id", Length = 50, CanBeNull = false)]
    public string VariantId { get; set; } = "";

    [Column("product_id", Length = 50, CanBeNull = false)]
    public string ProductId { get; set; } = "";

    [Column("sku", Length = 100, CanBeNull = true)]
    public string? Sku { get; set; }

    [Column("product_title", Length = 300, CanBeNull = false)]
    public string ProductTitle { get; set; } = "";

    [Column("variant_title", Length = 300, CanBeNull = true)]
    public string? VariantTitle { get; set; }

    [Column("product_type", Length = 100, CanBeNull = true)]
    public string? ProductType { get; set; }

    [Column("vendor", Length = 100, CanBeNull = true)]
    public string? Vendor { get; set; }

    [Column("price", Precision = 18, Scale = 4, CanBeNull = true)]
    public decimal? Price { get; set; }

    [Column("updated_at", CanBeNull = false)]
    public DateTime UpdatedAt { get; set; }
}
