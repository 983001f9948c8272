namespace Warehouse.Engines;

/// <summary>What a table is for, which decides how a distributed engine spreads and stores it.</summary>
public enum TableRole
{
    /// <summary>A fact table of dw: large, joined on its key.</summary>
    Fact,
    /// <summary>A dimension or reference table of dw: small next to the facts, joined by every fact query.</summary>
    Dimension,
    /// <summary>A staging table: written by bulk copy, read once by the transform, then emptied.</summary>
    Staging,
    /// <summary>Bookkeeping (etl) and results (kpi).</summary>
    Other,
}
