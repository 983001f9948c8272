using Microsoft.SqlServer.Dac;
using Microsoft.SqlServer.Dac.Model;
using Warehouse.Deployment;
using Warehouse.Engines;

namespace Warehouse.Tests.Deployment;

/// <summary>
/// No SQL Server runs here, so the T-SQL deploy script is checked by Microsoft's own model:
/// DacFx resolves every table, column and view reference offline, as SQL Server would.
/// </summary>
public sealed class SqlServerScriptTests
{
    [Test]
    public void Sql_server_script_validates_in_DacFx_with_no_errors()
    {
        var messages = Validate(Script());

        Assert.That(messages.Where(m => m.MessageType == DacMessageType.Error).Select(m => m.ToString()), Is.Empty);
    }

    /// <summary>The Persian calendar renders other views (persian_month grains, the executive views by Solar Hijri month).</summary>
    [Test]
    public void Sql_server_script_with_the_persian_calendar_validates_in_DacFx_with_no_errors()
    {
        var script = DeployScript.Render(SqlDialect.For(EngineKind.SqlServer), new WarehouseSettings { Calendar = CalendarKind.Persian });

        Assert.That(script, Does.Contain("persian_year * 12 + dd.persian_month"), "the executive views compare Solar Hijri months");
        Assert.That(Validate(script).Where(m => m.MessageType == DacMessageType.Error).Select(m => m.ToString()), Is.Empty);
    }

    [Test]
    public void A_view_naming_a_missing_column_fails_validation()
    {
        var broken = Script() + "\nCREATE VIEW [kpi].[broken] AS SELECT f.no_such_column FROM [dw].[fact_order_line] f\nGO\n";

        var messages = Validate(broken);

        Assert.That(messages.Where(m => m.MessageType == DacMessageType.Error).Select(m => m.Prefix + m.Number),
            Does.Contain("SQL71501"));
    }

    [Test]
    public void Sql_server_facts_are_clustered_columnstores_and_dimensions_are_not()
    {
        var script = Script();

        Assert.That(script, Does.Contain("CREATE CLUSTERED COLUMNSTORE INDEX [cci_fact_order_line] ON [dw].[fact_order_line]"));
        Assert.That(script, Does.Contain("CONSTRAINT [pk_fact_ticket] PRIMARY KEY NONCLUSTERED"));
        Assert.That(script, Does.Not.Contain("cci_dim_"));
    }

    /// <summary>The transforms' SQL, rendered for SQL Server, validated as stored procedures over the same model.</summary>
    [TestCaseSource(nameof(TransformsOfEverySource))]
    public void Sql_server_transforms_validate_in_DacFx(string source)
    {
        var steps = source == "derived"
            ? Warehouse.Etl.Transforms.DerivedFacts.Steps
            : Warehouse.Etl.Sources.SourceModules.Find(source).Transform;
        var context = new Warehouse.Etl.Transforms.TransformContext(SqlDialect.For(EngineKind.SqlServer), new WarehouseSettings());
        var body = string.Join(";\n", steps.SelectMany(s => s.Statements(context)));
        var procedure = $"CREATE PROCEDURE [etl].[transform_{source}] AS\nBEGIN\n{body};\nEND";

        var messages = Validate(Script() + "\n" + procedure + "\nGO\n");

        Assert.That(messages.Select(m => m.ToString()), Is.Empty);
    }

    private static IEnumerable<string> TransformsOfEverySource() => [.. Warehouse.Etl.Sources.SourceModules.Names.Select(n => n.ToLowerInvariant()), "derived"];

    [Test]
    public void The_reader_role_script_validates_in_DacFx_and_grants_only_the_view_areas()
    {
        var role = ReaderRoleScript.Render(SqlDialect.For(EngineKind.SqlServer));

        var messages = Validate(Script() + "\n" + role);

        Assert.That(messages.Where(m => m.MessageType == DacMessageType.Error).Select(m => m.ToString()), Is.Empty);
        Assert.That(role, Does.Contain("GRANT SELECT ON SCHEMA::[exec] TO [warehouse_reader]"));
        Assert.That(role, Does.Not.Contain("[stg]").And.Not.Contain("[etl]").And.Not.Contain("[dw]"));
    }

    [Test]
    public void A_role_name_that_is_not_a_plain_identifier_is_refused() =>
        Assert.Throws<ArgumentException>(() => ReaderRoleScript.Render(SqlDialect.For(EngineKind.SqlServer), "reader]; DROP TABLE x; --"));

    private static string Script() => DeployScript.Render(SqlDialect.For(EngineKind.SqlServer), new WarehouseSettings());

    internal static IList<DacModelMessage> Validate(string script, SqlServerVersion version = SqlServerVersion.Sql160)
    {
        using var model = new TSqlModel(version, new TSqlModelOptions());
        var batches = script.Split("\nGO\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var (batch, index) in batches.Select((b, i) => (b, i)))
        {
            model.AddObjects(batch);
        }

        return model.Validate();
    }
}
