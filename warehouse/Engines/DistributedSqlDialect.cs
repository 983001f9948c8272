namespace Warehouse.Engines;

/// <summary>
/// What Microsoft's distributed warehouses (Synapse dedicated SQL pool, Fabric Warehouse) share against SQL
/// Server: keys are metadata only, identities are numbered out of insertion order, and there are no
/// application locks.
/// </summary>
internal abstract class DistributedSqlDialect : SqlServerDialect
{
    // No sp_getapplock: runs take turns through Hangfire's distributed locks instead, kept in the job storage
    // (a SQL Server or Azure SQL database), so scheduled jobs go through `serve`.
    public override string? DeployLock => null;

    public override string? StarLock => null;

    public override (string Take, string Release)? SourceLock(int source) => null;

    // Only NONCLUSTERED ... NOT ENFORCED keys exist; uniqueness is kept by the transforms (delete, then insert).
    public override string? PrimaryKeyClause(bool isFact) => "PRIMARY KEY NONCLUSTERED";

    public override string PrimaryKeySuffix => " NOT ENFORCED";

    // Storage is the table's own (Synapse names its columnstore in WITH; Fabric has no indexes).
    public override IEnumerable<string> FactTableExtras(string schema, string table) => [];

    // IDENTITY values are unique (per distribution on Synapse), not in insertion order.
    public override bool NumbersIdentityInOrder => false;
}
