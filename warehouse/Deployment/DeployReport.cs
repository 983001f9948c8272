namespace Warehouse.Deployment;

/// <summary>What one deploy changed. A repeated deploy reports no tables, columns or reference rows.</summary>
public sealed record DeployReport(int SchemaVersion, int AreasCreated, int TablesCreated, int ColumnsAdded, int ViewsCreated, int ReferenceRowsChanged)
{
    public bool ChangedSchema => AreasCreated + TablesCreated + ColumnsAdded > 0;
}
