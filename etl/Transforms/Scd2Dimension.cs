namespace Warehouse.Etl.Transforms;

/// <summary>
/// Set-based upkeep of a type 2 dimension from a source query that returns one row per natural key
/// with the tracked attributes, <c>changed_at</c> and <c>load_id</c>:
/// inferred members are completed in place, changed members get a new version (the old one is
/// closed at the change time), new members get a first version open to all time. Re-running
/// with the same input changes nothing.
/// </summary>
public sealed record Scd2Dimension(string Table, string Key, string NaturalKey, IReadOnlyList<string> Attributes, IReadOnlyDictionary<string, string> InferredValues)
{
    public IEnumerable<string> Merge(TransformContext k, string source)
    {
        var d = k.Dialect;
        var fill = string.Join(", ", Attributes.Select(a => $"{a} = s.{a}")) + $", is_inferred = {k.False}, load_id = s.load_id";
        yield return d.UpdateFrom(Table, "d", fill, source, "s", $"d.{NaturalKey} = s.{NaturalKey}", $"d.is_inferred = {k.True}");

        var differs = string.Join(" OR ", Attributes.Select(a => $"d.{a} <> s.{a} OR (d.{a} IS NULL AND s.{a} IS NOT NULL) OR (d.{a} IS NOT NULL AND s.{a} IS NULL)"));
        yield return d.UpdateFrom(Table, "d",
            $"valid_to = CASE WHEN s.changed_at > d.valid_from THEN s.changed_at ELSE d.valid_from END, is_current = {k.False}",
            source, "s", $"d.{NaturalKey} = s.{NaturalKey}", $"d.is_current = {k.True} AND ({differs})");

        var columns = string.Join(", ", Attributes);
        var values = string.Join(", ", Attributes.Select(a => "s." + a));
        yield return $"""
            INSERT INTO {Table} ({Key}, {NaturalKey}, {columns}, valid_from, valid_to, is_current, is_inferred, load_id)
            SELECT m.max_key + ROW_NUMBER() OVER (ORDER BY s.{NaturalKey}), s.{NaturalKey}, {values},
                   COALESCE(p.valid_to, {k.BeginningOfTime}),
                   {k.EndOfTime}, {k.True}, {k.False}, s.load_id
            FROM ({source}) s
            CROSS JOIN {SurrogateKeys.MaxKey(Table, Key)} m
            LEFT JOIN (SELECT {NaturalKey}, MAX(valid_to) AS valid_to FROM {Table} GROUP BY {NaturalKey}) p ON p.{NaturalKey} = s.{NaturalKey}
            WHERE NOT EXISTS (SELECT 1 FROM {Table} c WHERE c.{NaturalKey} = s.{NaturalKey} AND c.is_current = {k.True})
            """;
    }

    /// <summary>Inferred members for natural keys that facts reference before the dimension's own record arrives.</summary>
    public string AddInferred(TransformContext k, string naturalKeys)
    {
        var columns = string.Join(", ", InferredValues.Keys);
        var values = string.Join(", ", InferredValues.Values);
        return $"""
            INSERT INTO {Table} ({Key}, {NaturalKey}, {columns}, valid_from, valid_to, is_current, is_inferred, load_id)
            SELECT m.max_key + ROW_NUMBER() OVER (ORDER BY r.nk), r.nk, {values}, {k.BeginningOfTime}, {k.EndOfTime}, {k.True}, {k.True}, r.load_id
            FROM (SELECT nk, MAX(load_id) AS load_id FROM ({naturalKeys}) x WHERE nk IS NOT NULL GROUP BY nk) r
            CROSS JOIN {SurrogateKeys.MaxKey(Table, Key)} m
            WHERE NOT EXISTS (SELECT 1 FROM {Table} c WHERE c.{NaturalKey} = r.nk)
            """;
    }

    /// <summary>The version of a member in force at a point in time (join condition).</summary>
    public string AsOf(string alias, string naturalKey, string at) =>
        $"{alias}.{NaturalKey} = {naturalKey} AND {at} >= {alias}.valid_from AND {at} < {alias}.valid_to";


    /// <summary>The type 2 bookkeeping every such dimension carries besides its attributes.</summary>
    private static readonly HashSet<string> Bookkeeping = ["valid_from", "valid_to", "is_current", "is_inferred", "load_id"];

    /// <summary>
    /// A dimension read from its linq2db mapping: the table, its surrogate key (the primary key) and, as tracked
    /// attributes, every column but the keys and the type 2 bookkeeping, so a column added to the mapping is tracked
    /// without a list to keep in step.
    /// </summary>
    public static Scd2Dimension Of<TDimension>(string naturalKey, IReadOnlyDictionary<string, string> inferredValues)
    {
        var entity = LinqToDB.Mapping.MappingSchema.Default.GetEntityDescriptor(typeof(TDimension));
        var key = entity.Columns.Single(c => c.IsPrimaryKey).ColumnName;
        var attributes = entity.Columns.Select(c => c.ColumnName).Where(c => c != key && c != naturalKey && !Bookkeeping.Contains(c)).ToList();
        return new Scd2Dimension($"{entity.Name.Schema}.{entity.Name.Name}", key, naturalKey, attributes, inferredValues);
    }

    public static readonly Scd2Dimension Customer = Of<Schema.Dw.DimCustomer>("customer_id",
        new Dictionary<string, string> { ["segment"] = "'Unknown'", ["region"] = "'Unknown'", ["country"] = "'Unknown'", ["source_system"] = "'inferred'" });

    public static readonly Scd2Dimension Agent = Of<Schema.Dw.DimAgent>("agent_id",
        new Dictionary<string, string> { ["source_system"] = "'inferred'", ["agent_name"] = "'Unknown'", ["team"] = "'Unknown'", ["role"] = "'Unknown'" });

    public static readonly Scd2Dimension Product = Of<Schema.Dw.DimProduct>("product_id",
        new Dictionary<string, string> { ["product_name"] = "'Unknown'", ["category"] = "'Unknown'" });
}
