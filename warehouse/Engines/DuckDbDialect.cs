using LinqToDB;
using LinqToDB.Mapping;

namespace Warehouse.Engines;

internal sealed class DuckDbDialect : SqlDialect
{
    public static readonly DuckDbDialect Instance = new();

    public override EngineKind Kind => EngineKind.DuckDb;

    public override string FloatType => "DOUBLE";

    public override DataOptions CreateOptions(string connectionString) => new DataOptions().UseDuckDB(connectionString);

    // A DuckDB key is an ART index that must fit in the bounded memory: millions of fact keys would not.
    // The transforms keep fact keys unique themselves (they replace rows by natural key), so facts go without.
    public override string? PrimaryKeyClause(bool isFact) => isFact ? null : "PRIMARY KEY";

    // DuckDB can neither drop nor add a table's key after it is created.
    // DuckDB cannot alter a column in the transaction that filled it ("outstanding updates"); its facts have no key to need it.
    public override string? SetNotNull(string schema, string table, ColumnDescriptor column) => null;

    public override string? AddPrimaryKey(string schema, string table, string constraint, bool isFact, IReadOnlyList<string> columns) => null;

    public override string? Median(string measure) => $"quantile_cont({measure}, 0.5)";

    public override string MaterializedCommonTableExpression => "MATERIALIZED ";

    public override bool IndexSeeksGreatestStart => false;

    public override string Parameter(string name) => "$" + name;

    public override string SecondsBetween(string from, string to) => $"(date_diff('millisecond', {from}, {to}) / 1000.0)";

    public override string CreateSchema(string schema) => $"CREATE SCHEMA IF NOT EXISTS {Quote(schema)}";

    public override string ColumnType(ColumnDescriptor column)
    {
        var type = ClrType(column);
        if (type == typeof(string)) return "VARCHAR";
        if (type == typeof(int)) return "INTEGER";
        if (type == typeof(long)) return "BIGINT";
        if (type == typeof(short)) return "SMALLINT";
        if (type == typeof(bool)) return "BOOLEAN";
        if (type == typeof(double)) return "DOUBLE";
        if (type == typeof(decimal)) { var (p, s) = DecimalShape(column); return $"DECIMAL({p},{s})"; }
        if (type == typeof(DateTime)) return "TIMESTAMP";
        if (type == typeof(DateOnly)) return "DATE";
        throw new NotSupportedException($"No DuckDB type for {type.Name} ({column.ColumnName}).");
    }

    // DuckDB has no identity columns: a sequence per table supplies the default.
    public override IEnumerable<string> BeforeIdentityTable(string schema, string table, string column) =>
        [$"CREATE SEQUENCE IF NOT EXISTS {QualifiedName(schema, table + "_" + column + "_seq")}"];

    public override string IdentityClause(string schema, string table, string column) =>
        $"DEFAULT nextval('{schema}.{table}_{column}_seq')";

    public override IReadOnlyList<string> ReaderRole(string role, IReadOnlyList<string> areas) =>
        throw new NotSupportedException("DuckDB has no roles: give readers a copy of the file or open it with ACCESS_MODE 'READ_ONLY'.");
}
