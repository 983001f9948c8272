using Warehouse.Deployment;
using Warehouse.Schema;
using Warehouse.Views;

namespace Warehouse.Bi;

/// <summary>
/// A column of a model table: its name in the view, the tabular data type it loads as, whether it holds a time of day
/// (so it is formatted with one), and the column it sorts by (month names by month number, not alphabetically).
/// </summary>
public sealed record ModelColumn(string Name, ModelDataType DataType, bool IsHidden, bool HasTime = false, string? SortBy = null);

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
            BiViews.Columns(t).Select(c => new ModelColumn(c.ColumnName, TypeOf(c), IsKey(c.ColumnName), HasTime(c.MemberType), SortBy(t.Name, c.ColumnName))).ToList(),
            $"{Areas.Bi}.{BiViews.FriendlyName(t.Name)}: {Describe(t.Name)}")).ToList();
        tables.Add(new ModelTable("customer_360", Areas.Bi, "customer_360",
        [
            Text("customer_id"), Text("customer_name"), Text("email"), Text("segment"), Text("region"), Text("country"), Time("first_seen_at"), Text("source_system"),
            new("lifetime_value", ModelDataType.FloatingPoint, false), new("orders", ModelDataType.WholeNumber, false), Time("last_order_at"),
            new("latest_nps_score", ModelDataType.FloatingPoint, false), Time("latest_nps_at"), Text("latest_nps_group"),
            new("csat_answers", ModelDataType.WholeNumber, false), new("csat_percent", ModelDataType.FloatingPoint, false),
            new("open_tickets", ModelDataType.WholeNumber, false), new("tickets", ModelDataType.WholeNumber, false), Text("churn_state"),
        ], "bi.customer_360: one row per current customer with lifetime value, orders, latest NPS, CSAT, tickets and churn state"));
        tables.Add(new ModelTable(KpiValue, Areas.Kpi, "kpi_value",
        [
            new("kpi_code", ModelDataType.Text, false), new("grain", ModelDataType.Text, false), new("period_start", ModelDataType.DateTime, false),
            new("slice_name", ModelDataType.Text, false), new("slice_value", ModelDataType.Text, false), new("numerator", ModelDataType.FloatingPoint, false),
            new("denominator", ModelDataType.FloatingPoint, false), new("value", ModelDataType.FloatingPoint, false),
        ], "kpi.kpi_value: every KPI per grain, period and slice; the measures re-aggregate numerator and denominator"));
        tables.Add(new ModelTable("kpi_catalogue", Areas.Kpi, "kpi_catalogue",
        [
            Text("kpi_code"), Text("kpi_name"), Text("description"),
            .. Kpis.KpiCatalogue.TranslatedLanguages.SelectMany(l => new[] { Text("kpi_name_" + l), Text("description_" + l) }),
            Text("area"), Text("unit"), Text("direction"), Text("numerator_definition"), Text("denominator_definition"), Text("slices"), Text("facts"), Text("variant"),
        ], "kpi.kpi_catalogue: what each KPI means and how it is computed, with its name and description in every language of the catalogue"));
        return tables;
    }

    private static ModelColumn Text(string name) => new(name, ModelDataType.Text, false);

    private static ModelColumn Time(string name) => new(name, ModelDataType.DateTime, false, HasTime: true);

    private static bool HasTime(Type type) => (Nullable.GetUnderlyingType(type) ?? type) is var t && (t == typeof(DateTime) || t == typeof(DateTimeOffset));

    /// <summary>The calendar's names sort by their numbers: January before April, Monday before Friday, Farvardin before Mehr.</summary>
    private static string? SortBy(string table, string column) => table != "dim_date" ? null : column switch
    {
        "month_name" => "month",
        "day_name" => "day_of_week",
        "persian_month_name" => "persian_month",
        _ => null,
    };

    // Surrogate keys join the star and mean nothing to a reader.
    private static bool IsKey(string column) => column.EndsWith("_key", StringComparison.Ordinal);

    private static string Describe(string table) =>
        table.StartsWith("fact_", StringComparison.Ordinal) ? "fact" : table == "dim_date" ? "the calendar (date table)" : "dimension";

    // Fixed decimal holds 4 places: a column declared with more (a currency rate, DECIMAL(18,8)) loads as a double instead of being rounded.
    private static ModelDataType TypeOf(LinqToDB.Mapping.ColumnDescriptor column) =>
        TypeOf(column.MemberType) is ModelDataType.FixedDecimal && column.Scale > 4 ? ModelDataType.FloatingPoint : TypeOf(column.MemberType);

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
