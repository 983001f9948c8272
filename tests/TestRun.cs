using Warehouse.Tests.Fixtures;

namespace Warehouse.Tests;

/// <summary>Stops the shared PostgreSQL server when the test run ends (it applies to every test under this namespace).</summary>
[SetUpFixture]
public sealed class TestRun
{
    [OneTimeTearDown]
    public Task StopServersAsync() => PostgresServer.StopSharedAsync();
}
