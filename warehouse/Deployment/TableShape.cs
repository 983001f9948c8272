using LinqToDB.Mapping;
using Warehouse.Engines;
using Warehouse.Schema;

namespace Warehouse.Deployment;

/// <summary>A mapped table as the deploy code sees it: names, columns and key, read from the linq2db mapping.</summary>
internal sealed record TableShape(string Schema, string Name, IReadOnlyList<ColumnDescriptor> Columns)
{
    public bool IsFact => WarehouseTables.IsFact(Name);

    public IEnumerable<ColumnDescriptor> Key => Columns.Where(c => c.IsPrimaryKey).OrderBy(c => c.PrimaryKeyOrder);

    public static TableShape Of(Type mappedType)
    {
        var entity = MappingSchema.Default.GetEntityDescriptor(mappedType);
        var schema = entity.Name.Schema ?? throw new InvalidOperationException($"{mappedType.Name} has no schema.");
        return new TableShape(schema, entity.Name.Name, entity.Columns.ToList());
    }

    public static IReadOnlyList<TableShape> All { get; } = WarehouseTables.All.Select(Of).ToList();

    public string CreateStatement(SqlDialect dialect)
    {
        var lines = Columns.Select(c => "    " + ColumnDefinition(dialect, c, forNewTable: true)).ToList();
        // Staging tables are heaps: a batch may hold the same record twice; the transforms deduplicate.
        if (Key.Any() && dialect.PrimaryKeyClause(IsFact) is { } primaryKey)
        {
            var key = string.Join(", ", Key.Select(c => dialect.Quote(c.ColumnName)));
            lines.Add($"    CONSTRAINT {dialect.Quote("pk_" + Name)} {primaryKey} ({key}){dialect.PrimaryKeySuffix}");
        }

        var options = dialect.TableOptions(Role, Columns);
        return $"CREATE TABLE {dialect.QualifiedName(Schema, Name)} (\n{string.Join(",\n", lines)}\n){(options.Length > 0 ? "\n" + options : "")}";
    }

    public TableRole Role => Schema == Areas.Stg ? TableRole.Staging : IsFact ? TableRole.Fact : Schema == Areas.Dw ? TableRole.Dimension : TableRole.Other;

    public IEnumerable<string> BeforeCreate(SqlDialect dialect) =>
        Columns.Where(c => c.IsIdentity).SelectMany(c => dialect.BeforeIdentityTable(Schema, Name, c.ColumnName));

    public IEnumerable<string> AfterCreate(SqlDialect dialect) => IsFact ? dialect.FactTableExtras(Schema, Name) : [];

    /// <summary>A column added to an existing table is always nullable: existing rows have no value for it.</summary>
    public string AddColumnStatement(SqlDialect dialect, ColumnDescriptor column) =>
        dialect.AddColumn(Schema, Name, ColumnDefinition(dialect, column, forNewTable: false));

    private string ColumnDefinition(SqlDialect dialect, ColumnDescriptor column, bool forNewTable)
    {
        var definition = dialect.Quote(column.ColumnName) + " " + dialect.ColumnType(column);
        if (column.IsIdentity && (dialect.NumbersIdentityInOrder || column.MemberInfo.GetCustomAttributes(typeof(InsertionOrderedAttribute), true).Length == 0))
        {
            definition += " " + dialect.IdentityClause(Schema, Name, column.ColumnName);
        }
        if (forNewTable && !column.CanBeNull) definition += " NOT NULL";
        return definition;
    }
}
