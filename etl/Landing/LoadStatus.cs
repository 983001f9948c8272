namespace Warehouse.Etl.Landing;

/// <summary>Status values of etl.load.</summary>
public static class LoadStatus
{
    public const string Running = "running";
    /// <summary>Committed to staging, waiting for the source's transform.</summary>
    public const string Landed = "landed";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
}
