namespace Warehouse.Tests.Fixtures;

/// <summary>Stops the shared PostgreSQL server when the test run ends.</summary>
[SetUpFixture]
public sealed class TestRun
{
    [OneTimeTearDown]
    public Task StopServersAsync() => PostgresServer.StopSharedAsync();
}
