using System.Text.RegularExpressions;
using Warehouse.Deployment;
using Warehouse.Engines;
using Warehouse.Etl.Sources;
using Warehouse.Etl.Transforms;
using Warehouse.Schema;

namespace Warehouse.Tests.Schema;

/// <summary>
/// Every column of a dw table is written by some transform step (an INSERT column list or an UPDATE's SET),
/// by the deployer's reference data, or is named below as deliberately empty: a mapped column that nothing
/// fills would be published to analysts as a column of NULLs.
/// </summary>
public sealed partial class WrittenColumnsTests
{
    /// <summary>Tables the deployer fills from C# objects (all their columns), not the transforms.</summary>
    private static readonly HashSet<string> ReferenceTables = ["dim_date", "dim_channel", "dim_currency", "kpi_target", "business_interval"];

    /// <summary>Columns left empty on purpose, with the reason.</summary>
    private static readonly Dictionary<string, string> DeliberatelyEmpty = new(StringComparer.Ordinal)
    {
    };

    [Test]
    public void Every_dw_column_is_written_by_a_transform_or_marked_deliberately_empty()
    {
        var written = WrittenColumns();
        var unwritten = TableShape.All
            .Where(t => t.Schema == Areas.Dw && !ReferenceTables.Contains(t.Name))
            .SelectMany(t => t.Columns.Select(c => $"{t.Name}.{c.ColumnName}"))
            .Where(c => !written.Contains(c) && !DeliberatelyEmpty.ContainsKey(c))
            .ToList();

        Assert.That(unwritten, Is.Empty, "columns no transform writes");
        Assert.That(written, Does.Contain("dim_customer.customer_name"));
    }

    [Test]
    public void The_check_sees_a_column_that_nothing_writes()
    {
        var written = WrittenColumns();
        Assert.That(written, Does.Not.Contain("dim_customer.no_such_column"));
        Assert.That(written, Does.Contain("fact_order_line.is_test"));
    }

    /// <summary>"table.column" for every column named in an INSERT column list or an UPDATE SET of a dw table.</summary>
    private static HashSet<string> WrittenColumns()
    {
        var context = new TransformContext(SqlDialect.For(EngineKind.DuckDb), new WarehouseSettings());
        var steps = SourceModules.All.SelectMany(module => module.Transform).Concat(DerivedFacts.Steps).ToList();
        var written = new HashSet<string>(StringComparer.Ordinal);
        foreach (var statement in steps.SelectMany(s => s.Statements(context)))
        {
            foreach (Match insert in InsertColumns().Matches(statement))
            {
                foreach (var column in insert.Groups[2].Value.Split(',', StringSplitOptions.TrimEntries)) written.Add($"{insert.Groups[1].Value}.{column}");
            }

            foreach (Match update in UpdateSet().Matches(statement))
            {
                foreach (Match assignment in Assignment().Matches(update.Groups[2].Value)) written.Add($"{update.Groups[1].Value}.{assignment.Groups[1].Value}");
            }
        }

        return written;
    }

    [GeneratedRegex(@"INSERT INTO dw\.(\w+) \(([^)]*)\)", RegexOptions.Singleline)]
    private static partial Regex InsertColumns();

    [GeneratedRegex(@"UPDATE dw\.(\w+)(?: AS \w+)? SET (.*?)(?:\nFROM \(|\sWHERE [^=]*$|$)", RegexOptions.Singleline)]
    private static partial Regex UpdateSet();

    [GeneratedRegex(@"(?:^|,)\s*(\w+)\s*=")]
    private static partial Regex Assignment();
}
