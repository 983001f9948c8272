namespace Warehouse.Etl.Landing;

/// <summary>What a landing did with one file's records: landed as staging rows, or quarantined.</summary>
public sealed class FileTally
{
    public long Landed { get; set; }

    public long Quarantined { get; set; }
}
