using Microsoft.SqlServer.Dac.Model;
using Warehouse.Deployment;
using Warehouse.Engines;

namespace Warehouse.Tests.Deployment;

/// <summary>
/// No Fabric Warehouse runs here: its script validates in DacFx's model for Fabric (SqlDwUnified), and the
/// documented limits that model leaves unchecked (types, IDENTITY, constraints) are linted from the parsed script.
/// </summary>
public sealed class FabricScriptTests
{
    private static readonly string Script = DeployScript.Render(SqlDialect.For(EngineKind.Fabric), new WarehouseSettings());

    [Test]
    public void The_fabric_script_validates_in_DacFx_for_fabric_warehouse_with_no_messages() =>
        Assert.That(SqlServerScriptTests.Validate(Script, SqlServerVersion.SqlDwUnified).Select(m => m.ToString()), Is.Empty);

    [TestCaseSource(typeof(DistributedProcedures), nameof(DistributedProcedures.Names))]
    public void Every_transform_and_the_kpi_refresh_validate_as_procedures_of_the_warehouse(string name) =>
        Assert.That(SqlServerScriptTests.Validate(Script + "\n" + DistributedProcedures.Render(EngineKind.Fabric, name), SqlServerVersion.SqlDwUnified)
            .Select(m => m.ToString()), Is.Empty);

    [Test]
    public void The_fabric_script_keeps_to_the_documented_types_identity_and_constraints() =>
        Assert.That(FabricLint.Problems(Script), Is.Empty);

    [Test]
    public void The_lint_finds_each_kind_of_breach()
    {
        const string broken = """
            CREATE TABLE [dw].[broken] (
                [name] NVARCHAR(50) NOT NULL,
                [at] DATETIME2(7) NOT NULL,
                [flag] TINYINT NULL,
                [id] INT IDENTITY NOT NULL,
                CONSTRAINT [pk_broken] PRIMARY KEY NONCLUSTERED ([id])
            )
            """;

        Assert.That(FabricLint.Problems(broken), Is.EquivalentTo(new[]
        {
            "dw.broken.name: type NVarChar",
            "dw.broken.at: DateTime2 with more than 6 digits of fractions",
            "dw.broken.flag: type TinyInt",
            "dw.broken.id: IDENTITY on Int, not BIGINT",
            "dw.broken: constraint pk_broken is enforced",
        }));
        // A seed or increment is not Fabric's syntax at all.
        Assert.That(FabricLint.Problems("CREATE TABLE [dw].[seeded] ([id] BIGINT IDENTITY(1,1) NOT NULL)"), Has.One.StartsWith("line 1: Incorrect syntax"));
    }

    [Test]
    public void Text_is_varchar_and_long_text_varchar_max()
    {
        Assert.That(Script, Does.Not.Contain("NVARCHAR"));
        Assert.That(Script, Does.Contain("[raw_payload] VARCHAR(MAX)"));
        Assert.That(Script, Does.Contain("[quarantine_id] BIGINT IDENTITY NOT NULL"));
    }
}
