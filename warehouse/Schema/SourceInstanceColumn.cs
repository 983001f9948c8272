namespace Warehouse.Schema;

/// <summary>
/// The column that names a row's source instance on staging, facts and source-owned dimensions. Rows of a warehouse
/// from before instances existed hold <see cref="Default"/>, which <c>init</c> fills in when it adds the column.
/// </summary>
public static class SourceInstanceColumn
{
    public const string Name = "source_instance";

    public const string Default = "default";

    public const int Length = 20;
}
