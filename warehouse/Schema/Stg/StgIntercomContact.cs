using LinqToDB.Mapping;

namespace Warehouse.Schema.Stg;

/// <summary>Intercom contacts (role user or lead): conformed customers by their e-mail.</summary>
[Table(Schema = Areas.Stg, Name = "intercom_contact")]
public sealed class StgIntercomContact : IStagingRow
{
    [Column("load_id", CanBeNull = false)]
    public long LoadId { get; set; }

    [Column(SourceInstanceColumn.Name, Length = SourceInstanceColumn.Length, CanBeNull = false)]
    public string SourceInstance { get; set; } = SourceInstanceColumn.Default;

    [Column("contact_id", Length = 50, CanBeNull = false)]
    public string ContactId { get; set; } = "";

    [Column("role", Length = 20, CanBeNull = false)]
    public string Role { get; set; } = "";

    [Column("customer_nk", Length = 100, CanBeNull = true)]
    public string? CustomerNk { get; set; }

    [Column("email_hash", Length = 64, CanBeNull = true)]
    public string? EmailHash { get; set; }

    [Column("email", Length = 320, CanBeNull = true)]
    public string? Email { get; set; }

    [Column("updated_at", CanBeNull = false)]
    public DateTime UpdatedAt { get; set; }
}
