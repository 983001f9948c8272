using Warehouse.Deployment;
using Warehouse.Engines;

namespace Warehouse.Tests.Fixtures;

/// <summary>
/// Base of every integration test: runs the fixture once per engine, each test on a fresh database.
/// </summary>
[TestFixture(EngineKind.DuckDb)]
[TestFixture(EngineKind.PostgreSql)]
[TestFixture(EngineKind.SqlServer)]
public abstract class EngineTest(EngineKind engine)
{
    private EngineDatabase? current;

    protected EngineKind Engine { get; } = engine;

    protected WarehouseDatabase Database => current?.Database ?? throw new InvalidOperationException("No database: SetUp did not run.");

    protected static WarehouseSettings Settings => new() { CalendarStart = new DateOnly(2025, 1, 1), CalendarEnd = new DateOnly(2027, 12, 31) };

    [SetUp]
    public async Task CreateDatabaseAsync() => current = await EngineDatabase.CreateAsync(Engine);

    [TearDown]
    public async Task DropDatabaseAsync()
    {
        if (current is not null) await current.DisposeAsync();
        current = null;
    }

    protected Task<DeployReport> DeployAsync(WarehouseSettings? settings = null) =>
        new WarehouseDeployer(Database, settings ?? Settings).DeployAsync();
}
