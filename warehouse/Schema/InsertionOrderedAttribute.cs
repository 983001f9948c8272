namespace Warehouse.Schema;

/// <summary>
/// An identity whose order the warehouse relies on: "the newest load wins" orders loads by their id. Engines
/// that number identities out of insertion order (Synapse spreads them over its distributions, Fabric promises
/// uniqueness only) get these ids from <see cref="Engines.TimeOrderedKey"/> instead of an IDENTITY column.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class InsertionOrderedAttribute : Attribute;
