namespace Warehouse.Etl.Transforms;

/// <summary>A named, set-based step of a source's transform: SQL statements run in order inside one transaction.</summary>
public sealed record TransformStep(string Name, Func<TransformContext, IEnumerable<string>> Statements);
