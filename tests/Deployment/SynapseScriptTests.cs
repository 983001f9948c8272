using System.Text.RegularExpressions;
using Microsoft.SqlServer.Dac.Model;
using Warehouse.Deployment;
using Warehouse.Engines;
using Warehouse.Schema;

namespace Warehouse.Tests.Deployment;

/// <summary>
/// No Synapse runs here: the dedicated SQL pool's script and everything the warehouse runs on it are validated by
/// Microsoft's DacFx model for that platform (SqlServerVersion.SqlDw), which refuses what the pool refuses
/// (an enforced key, for one).
/// </summary>
public sealed partial class SynapseScriptTests
{
    private static readonly string Script = DeployScript.Render(SqlDialect.For(EngineKind.Synapse), new WarehouseSettings());

    [Test]
    public void The_synapse_script_validates_in_DacFx_for_a_dedicated_sql_pool_with_no_messages() =>
        Assert.That(SqlServerScriptTests.Validate(Script, SqlServerVersion.SqlDw).Select(m => m.ToString()), Is.Empty);

    [TestCaseSource(typeof(DistributedProcedures), nameof(DistributedProcedures.Names))]
    public void Every_transform_and_the_kpi_refresh_validate_as_procedures_of_the_pool(string name) =>
        Assert.That(SqlServerScriptTests.Validate(Script + "\n" + DistributedProcedures.Render(EngineKind.Synapse, name), SqlServerVersion.SqlDw)
            .Select(m => m.ToString()), Is.Empty);

    [Test]
    public void An_enforced_primary_key_fails_validation_for_the_pool()
    {
        var broken = Script + "\nCREATE TABLE [dw].[broken] ([id] INT NOT NULL, CONSTRAINT [pk_broken] PRIMARY KEY NONCLUSTERED ([id]))\nGO\n";

        var error = Assert.Throws<DacModelException>(() => SqlServerScriptTests.Validate(broken, SqlServerVersion.SqlDw));

        Assert.That(error!.Messages.Select(m => m.Prefix + m.Number), Does.Contain("SQL70643"));
    }

    [Test]
    public void Facts_are_hashed_on_their_key_dimensions_replicated_and_staging_round_robin_heaps()
    {
        var tables = CreateTable().Matches(Script).ToDictionary(m => m.Groups["name"].Value, m => m.Value);

        Assert.Multiple(() =>
        {
            Assert.That(tables, Has.Count.EqualTo(WarehouseTables.All.Count));
            Assert.That(tables["[dw].[fact_order_line]"], Does.EndWith("WITH (DISTRIBUTION = HASH([order_line_id]), CLUSTERED COLUMNSTORE INDEX)"));
            // A columnstore cannot hold NVARCHAR(MAX): the facts with free-text comments are clustered on their key.
            Assert.That(tables["[dw].[fact_survey_response]"], Does.EndWith("WITH (DISTRIBUTION = HASH([response_id]), CLUSTERED INDEX ([response_id]))"));
            Assert.That(tables["[dw].[dim_customer]"], Does.EndWith("WITH (DISTRIBUTION = REPLICATE, CLUSTERED INDEX ([customer_key]))"));
            Assert.That(tables["[stg].[shopify_order_line]"], Does.EndWith("WITH (DISTRIBUTION = ROUND_ROBIN, HEAP)"));
            foreach (var (name, create) in tables)
            {
                var fact = WarehouseTables.IsFact(name.Split('.')[1].Trim('[', ']'));
                Assert.That(create, fact ? Does.Contain("DISTRIBUTION = HASH(") : Does.Not.Contain("DISTRIBUTION = HASH("), name);
                if (create.Contains("PRIMARY KEY", StringComparison.Ordinal)) Assert.That(create, Does.Match(@"PRIMARY KEY NONCLUSTERED \([^)]+\) NOT ENFORCED"), name);
            }
        });
        Assert.That(Script, Does.Not.Contain("FOREIGN KEY").And.Not.Contain("UNIQUE").And.Not.Contain("sp_getapplock"));
    }

    [Test]
    public void Load_ids_are_not_an_identity_because_the_pool_numbers_identities_out_of_order()
    {
        var load = CreateTable().Matches(Script).Single(m => m.Groups["name"].Value == "[etl].[load]").Value;
        var quarantine = CreateTable().Matches(Script).Single(m => m.Groups["name"].Value == "[etl].[quarantine]").Value;

        Assert.That(load, Does.Contain("[load_id] BIGINT NOT NULL").And.Not.Contain("IDENTITY"));
        // Quarantined rows need unique ids only, so the pool numbers them.
        Assert.That(quarantine, Does.Contain("[quarantine_id] BIGINT IDENTITY(1,1) NOT NULL"));
    }

    [GeneratedRegex(@"CREATE TABLE (?<name>\[\w+\]\.\[\w+\]) \((?:.|\n)*?\n\)(?:\nWITH \([^\n]*\))?")]
    private static partial Regex CreateTable();
}
