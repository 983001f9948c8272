namespace Warehouse.Deployment;

/// <summary>A view the warehouse owns; its body is rendered per engine.</summary>
public sealed record ViewDefinition(string Schema, string Name, string Body);
