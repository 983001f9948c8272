namespace Warehouse.Engines;

/// <summary>The database engines the warehouse deploys to.</summary>
public enum EngineKind
{
    /// <summary>Embedded, single-file default.</summary>
    DuckDb,
    /// <summary>PostgreSQL 15 or later.</summary>
    PostgreSql,
    /// <summary>SQL Server 2022 or later: the production target.</summary>
    SqlServer,
    /// <summary>Azure Synapse Analytics dedicated SQL pool: facts hash-distributed over many nodes.</summary>
    Synapse,
    /// <summary>Microsoft Fabric Warehouse: T-SQL over Delta Parquet in OneLake.</summary>
    Fabric,
}
