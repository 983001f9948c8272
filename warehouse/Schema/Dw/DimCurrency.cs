using LinqToDB.Mapping;

namespace Warehouse.Schema.Dw;

/// <summary>Currency and its rate to the reporting currency.</summary>
[Table(Schema = Areas.Dw, Name = "dim_currency")]
public sealed class DimCurrency
{
    [Column("currency_key", CanBeNull = false), PrimaryKey]
    public int CurrencyKey { get; set; }

    [Column("currency_code", Length = 3, CanBeNull = false)]
    public string CurrencyCode { get; set; } = "";

    [Column("currency_name", Length = 50, CanBeNull = false)]
    public string CurrencyName { get; set; } = "";

    [Column("rate_to_reporting", Precision = 18, Scale = 8, CanBeNull = false)]
    public decimal RateToReporting { get; set; }

    [Column("load_id", CanBeNull = false)]
    public long LoadId { get; set; }
}
