namespace Warehouse.Etl.Transforms;

/// <summary>
/// New surrogate keys continue from the table's highest key (max_key + ROW_NUMBER()); the unknown member
/// holds -1, so the first generated key is 1. Keys are made set-based inside the load's transaction.
/// </summary>
public static class SurrogateKeys
{
    /// <summary>A one-row derived table with column max_key, to CROSS JOIN.</summary>
    public static string MaxKey(string table, string key) =>
        $"(SELECT CASE WHEN MAX({key}) > 0 THEN MAX({key}) ELSE 0 END AS max_key FROM {table})";
}
