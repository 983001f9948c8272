using LinqToDB.Mapping;

namespace Warehouse.Schema.Dw;

/// <summary>Product variant (type 2).</summary>
[Table(Schema = Areas.Dw, Name = "dim_product")]
public sealed class DimProduct
{
    [Column("product_key", CanBeNull = false), PrimaryKey]
    public int ProductKey { get; set; }

    [Column("product_id", Length = 100, CanBeNull = false)]
    public string ProductId { get; set; } = "";

    [Column("parent_product_id", Length = 100, CanBeNull = true)]
    public string? ParentProductId { get; set; }

    [Column("sku", Length = 100, CanBeNull = true)]
    public string? Sku { get; set; }

    [Column("product_name", Length = 300, CanBeNull = false)]
    public string ProductName { get; set; } = "";

    [Column("variant_name", Length = 300, CanBeNull = true)]
    public string? VariantName { get; set; }

    [Column("category", Length = 100, CanBeNull = false)]
    public string Category { get; set; } = "";

    [Column("vendor", Length = 100, CanBeNull = true)]
    public string? Vendor { get; set; }

    [Column("list_price", Precision = 18, Scale = 4, CanBeNull = true)]
    public decimal? ListPrice { get; set; }

    [Column("valid_from", CanBeNull = false)]
    public DateTime ValidFrom { get; set; }

    [Column("valid_to", CanBeNull = false)]
    public DateTime ValidTo { get; set; }

    [Column("is_current", CanBeNull = false)]
    public bool IsCurrent { get; set; }

    [Column("is_inferred", CanBeNull = false)]
    public bool IsInferred { get; set; }

    /// <summary>The source instance the row came from (<c>default</c> unless instances are configured).</summary>
    [Column(SourceInstanceColumn.Name, Length = SourceInstanceColumn.Length, CanBeNull = true)]
    public string? SourceInstance { get; set; }

    [Column("load_id", CanBeNull = false)]
    public long LoadId { get; set; }
}
