namespace Warehouse.Schema.Stg;

/// <summary>What every staging row carries besides its record: the load it came in and the source instance it came from.</summary>
public interface IStagingRow
{
    long LoadId { get; set; }

    /// <summary>The instance of the source (a store, a helpdesk, a CRM portal, a drop folder): <see cref="SourceInstanceColumn.Default"/> unless configured.</summary>
    string SourceInstance { get; set; }
}
