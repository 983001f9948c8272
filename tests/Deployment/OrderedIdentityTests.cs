using LinqToDB;
using LinqToDB.Async;
using Warehouse.Engines;
using Warehouse.Etl.Landing;
using Warehouse.Schema.Etl;
using Warehouse.Tests.Fixtures;

namespace Warehouse.Tests.Deployment;

/// <summary>
/// Load ids given by the warehouse (as on Synapse and Fabric, whose IDENTITY is out of insertion order): the
/// insert that writes the id runs on real engines, and the ids follow the order the loads started in.
/// </summary>
public sealed class OrderedIdentityTests(EngineKind engine) : EngineTest(engine)
{
    [Test]
    public async Task Given_ids_land_with_the_row_and_increase_in_insertion_order()
    {
        await DeployAsync();
        await using var db = Database.Open();

        var ids = new List<long>();
        foreach (var stream in new[] { "orders", "customers", "products" })
        {
            ids.Add(await OrderedIdentity.InsertGivenAsync(db, Database.Dialect,
                new EtlLoad { Source = "Shopify", Stream = stream, StartedAt = new DateTime(2026, 12, 4, 5, 0, 0), Status = LoadStatus.Running }, CancellationToken.None));
        }

        Assert.That(ids, Is.Ordered.Ascending.And.Unique);
        var loads = await db.GetTable<EtlLoad>().OrderBy(l => l.LoadId).ToListAsync();
        Assert.That(loads.Select(l => (l.LoadId, l.Stream, l.Status)), Is.EqualTo(ids.Zip(new[] { "orders", "customers", "products" }, (id, s) => (id, s, LoadStatus.Running))));
    }

    [Test]
    public void Time_ordered_keys_increase_and_never_repeat()
    {
        var keys = Enumerable.Range(0, 100_000).Select(_ => TimeOrderedKey.Next()).ToList();

        Assert.That(keys, Is.Ordered.Ascending.And.Unique);
        Assert.That(keys[0], Is.GreaterThan((DateTime.UtcNow.AddMinutes(-1).Ticks - new DateTime(2020, 1, 1).Ticks) / 10 * 1024));
    }
}
