using Warehouse.Etl.Sources.Shopify;
using Warehouse.Tests.Contracts;
using Warehouse.Tests.Fixtures;

namespace Warehouse.Tests;

/// <summary>
/// For every test under this namespace: the Shopify simulator checks each request and answer against Shopify's published
/// schema, and the shared PostgreSQL server stops when the run ends.
/// </summary>
[SetUpFixture]
public sealed class TestRun
{
    [OneTimeSetUp]
    public void CheckAgainstContracts() => ShopifyGraphQlSimulator.Contract = GraphQlSchemaContract.Shopify;

    [OneTimeTearDown]
    public Task StopServersAsync() => PostgresServer.StopSharedAsync();
}
