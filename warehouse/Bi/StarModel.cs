using Warehouse.Deployment;
using Warehouse.Schema;
using Warehouse.Views;

namespace Warehouse.Bi;

/// <summary>A column of a model table: its name in the view and the tabular data type it loads as.</summary>
public sealed record ModelColumn(string Name, ModelDataType DataType, bool IsHidden);

/// <summary>The tabular data types the model uses (TMDL <c>dataType</c>).</summary>
public enum ModelDataType { Text, WholeNumber, FloatingPoint, FixedDecimal, DateTime, Boolean }

/// <summary>A table of the model: the view it imports (schema and name) and its columns.</summary>
public sealed record ModelTable(string Name, string Schema, string View, IReadOnlyList<ModelColumn> Columns, string Description)
{
    public bool IsCalendar => Name == StarModel.Calendar;
}

/// <summary>A many-to-one, single-direction relationship from a fact's column to a dimension's key.</summary>
public sealed record ModelRelationship(string FromTable, string FromColumn, string ToTable, string ToColumn, bool IsActive);

/// <summary>
/// The star as BI tools see it, from the one schema definition: a table per <c>bi</c> dimension and fact view and
/// <c>kpi.kpi_value</c>, and the relationships of each fact's keys to their dimensions. The Power BI project and the
/// relationship table of docs/bi.md are both written from it.
/// </summary>
public static class StarModel
{
    public const string Calendar = "calendar";
    public const string KpiValue = "kpi_value";

    public static IReadOnlyList<ModelTable> Tables { get; } = BuildTables();

    public static IReadOnlyList<ModelRelationship> Relationships { get; } = BuildRelationships();

    private static List<ModelTable> BuildTables()
    {
        var tables = BiViews.Tables.Select(t => new ModelTable(BiViews.FriendlyName(t.Name), Areas.Bi, BiViews.FriendlyName(t.Name),
            BiViews.Columns(t).Select(c => new ModelColumn(c.ColumnName, TypeOf(c.MemberType), IsKey(c.ColumnName))).ToList(),
            $"{Areas.Bi}.{BiViews.FriendlyName(t.Name)}: {Describe(t.Name)}")).ToList();
        tables.Add(new ModelTable(KpiValue, Areas.Kpi, "kpi_value",
        [
            new("kpi_code", ModelDataType.Text, false), new("grain", ModelDataType.Text, false), new("period_start", ModelDataType.DateTime, false),
            new("slice_name", ModelDataType.Text, false), new("slice_value", ModelDataType.Text, false), new("numerator", ModelDataType.FloatingPoint, false),
            new("denominator", ModelDataType.FloatingPoint, false), new("value", ModelDataType.FloatingPoint, false),
        ], "kpi.kpi_value: every KPI per grain, period and slice; the measures re-aggregate numerator and denominator"));
        return tables;
    }

    // Surrogate keys join the star and mean nothing to a reader.
    private static bool IsKey(string column) => column.EndsWith("_key", StringComparison.Ordinal);

    private static string Describe(string table) =>
        table.StartsWith("fact_", StringComparison.Ordinal) ? "fact" : table == "dim_date" ? "the calendar (date table)" : "dimension";

    private static ModelDataType TypeOf(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string) || type == typeof(Guid)) return ModelDataType.Text;
        if (type == typeof(bool)) return ModelDataType.Boolean;
        if (type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte)) return ModelDataType.WholeNumber;
        if (type == typeof(decimal)) return ModelDataType.FixedDecimal;
        if (type == typeof(double) || type == typeof(float)) return ModelDataType.FloatingPoint;
        if (type == typeof(DateTime) || type == typeof(DateOnly) || type == typeof(DateTimeOffset)) return ModelDataType.DateTime;
        throw new InvalidOperationException($"No model data type for {type.Name}.");
    }

    /// <summary>
    /// Each fact key column to the dimension of that name (<c>customer_key</c> → customer, <c>owner_agent_key</c> →
    /// agent, every <c>*_date_key</c> → calendar); the first to a dimension is active, the others are read with
    /// USERELATIONSHIP. Then <c>kpi_value.period_start</c> → <c>calendar.full_date</c>.
    /// </summary>
    private static List<ModelRelationship> BuildRelationships()
    {
        var tables = Tables.ToDictionary(t => t.Name);
        var relationships = new List<ModelRelationship>();
        foreach (var fact in BiViews.Tables.Where(t => t.IsFact))
        {
            var from = tables[BiViews.FriendlyName(fact.Name)];
            var seen = new HashSet<string>();
            foreach (var column in from.Columns.Where(c => IsKey(c.Name)))
            {
                var dimension = column.Name == "date_key" || column.Name.EndsWith("_date_key", StringComparison.Ordinal) ? Calendar
                    : column.Name == "owner_agent_key" ? "agent" : column.Name[..^4];
                var key = dimension == Calendar ? "date_key" : dimension + "_key";
                if (!tables.TryGetValue(dimension, out var to) || to.Columns.All(c => c.Name != key)) continue;
                relationships.Add(new ModelRelationship(from.Name, column.Name, dimension, key, seen.Add(dimension)));
            }
        }

        relationships.Add(new ModelRelationship(KpiValue, "period_start", Calendar, "full_date", true));
        return relationships;
    }
}
