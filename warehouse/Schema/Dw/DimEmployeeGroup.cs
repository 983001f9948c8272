using LinqToDB.Mapping;

namespace Warehouse.Schema.Dw;

/// <summary>Department and location of employee survey answers; no person is stored.</summary>
[Table(Schema = Areas.Dw, Name = "dim_employee_group")]
public sealed class DimEmployeeGroup
{
    [Column("employee_group_key", CanBeNull = false), PrimaryKey]
    public int EmployeeGroupKey { get; set; }

    [Column("department", Length = 100, CanBeNull = false)]
    public string Department { get; set; } = "";

    [Column("location", Length = 100, CanBeNull = false)]
    public string Location { get; set; } = "";

    [Column("load_id", CanBeNull = false)]
    public long LoadId { get; set; }
}
