using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace Warehouse.Tests.Deployment;

/// <summary>
/// Fabric Warehouse's documented limits that DacFx's model does not check, read from the parsed script:
/// column types (https://learn.microsoft.com/fabric/data-warehouse/data-types), IDENTITY and constraints
/// (https://learn.microsoft.com/fabric/data-warehouse/tables), and no distribution clause or index.
/// </summary>
internal static class FabricLint
{
    private static readonly HashSet<SqlDataTypeOption> Unsupported =
    [
        SqlDataTypeOption.NVarChar, SqlDataTypeOption.NChar, SqlDataTypeOption.NText, SqlDataTypeOption.Text, SqlDataTypeOption.Image,
        SqlDataTypeOption.DateTime, SqlDataTypeOption.SmallDateTime, SqlDataTypeOption.DateTimeOffset,
        SqlDataTypeOption.TinyInt, SqlDataTypeOption.Money, SqlDataTypeOption.SmallMoney, SqlDataTypeOption.Sql_Variant,
    ];

    public static IReadOnlyList<string> Problems(string script)
    {
        var fragment = new TSqlFabricDWParser(true).Parse(new StringReader(script), out var errors);
        var visitor = new Visitor();
        fragment.Accept(visitor);
        return [.. errors.Select(e => $"line {e.Line}: {e.Message}"), .. visitor.Problems];
    }

    private sealed class Visitor : TSqlFragmentVisitor
    {
        private string table = "";

        public List<string> Problems { get; } = [];

        public override void ExplicitVisit(CreateTableStatement node)
        {
            table = string.Join(".", node.SchemaObjectName.Identifiers.Select(i => i.Value));
            if (node.Options.Any(o => o is TableDistributionOption)) Problems.Add($"{table}: a DISTRIBUTION clause");
            if (node.Definition.TableConstraints.OfType<ForeignKeyConstraintDefinition>().Any()) Problems.Add($"{table}: a foreign key");
            foreach (var key in node.Definition.TableConstraints.OfType<UniqueConstraintDefinition>())
            {
                if (key.IsEnforced != false) Problems.Add($"{table}: constraint {key.ConstraintIdentifier?.Value} is enforced");
                if (key.Clustered == true) Problems.Add($"{table}: constraint {key.ConstraintIdentifier?.Value} is clustered");
            }

            base.ExplicitVisit(node);
        }

        public override void ExplicitVisit(ColumnDefinition node)
        {
            var column = $"{table}.{node.ColumnIdentifier.Value}";
            if (node.DataType is SqlDataTypeReference type)
            {
                if (Unsupported.Contains(type.SqlDataTypeOption)) Problems.Add($"{column}: type {type.SqlDataTypeOption}");
                if (type.SqlDataTypeOption is SqlDataTypeOption.DateTime2 or SqlDataTypeOption.Time
                    && (type.Parameters.Count == 0 || int.Parse(type.Parameters[0].Value, System.Globalization.CultureInfo.InvariantCulture) > 6))
                {
                    Problems.Add($"{column}: {type.SqlDataTypeOption} with more than 6 digits of fractions");
                }

                // A seed or increment does not parse in Fabric's grammar, so it is a parse error above.
                if (node.IdentityOptions is not null && type.SqlDataTypeOption != SqlDataTypeOption.BigInt)
                {
                    Problems.Add($"{column}: IDENTITY on {type.SqlDataTypeOption}, not BIGINT");
                }
            }
            else
            {
                Problems.Add($"{column}: type {node.DataType?.Name?.BaseIdentifier?.Value} is not a built-in type");
            }

            base.ExplicitVisit(node);
        }

        public override void ExplicitVisit(CreateIndexStatement node) => Problems.Add($"an index {node.Name.Value}");

        public override void ExplicitVisit(CreateColumnStoreIndexStatement node) => Problems.Add($"a columnstore index {node.Name.Value}");
    }
}
