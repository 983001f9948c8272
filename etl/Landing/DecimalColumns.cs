using System.Reflection;
using LinqToDB.Mapping;

namespace Warehouse.Etl.Landing;

/// <summary>
/// The decimal columns of a staging table, so that every engine lands the same value: a number is rounded
/// half to even to its column's scale (DuckDB's appender would truncate 1.429999948 to 1.4299 in
/// DECIMAL(18,4)), and one too large for its column's precision rejects the record with a reason.
/// </summary>
internal static class DecimalColumns<TStaging> where TStaging : class
{
    private static readonly (PropertyInfo Property, string Column, int Scale, decimal Limit)[] Columns = MappingSchema.Default
        .GetEntityDescriptor(typeof(TStaging)).Columns
        .Where(c => (Nullable.GetUnderlyingType(c.MemberType) ?? c.MemberType) == typeof(decimal) && c.MemberInfo is PropertyInfo)
        .Select(c =>
        {
            var scale = c.Scale ?? 4;
            var precision = c.Precision ?? 18;
            return ((PropertyInfo)c.MemberInfo, c.ColumnName, scale, Pow10(precision - scale));
        })
        .ToArray();

    public static void Normalize(TStaging row)
    {
        foreach (var (property, column, scale, limit) in Columns)
        {
            if (property.GetValue(row) is not decimal value) continue;
            var rounded = Math.Round(value, scale, MidpointRounding.ToEven);
            if (Math.Abs(rounded) >= limit)
            {
                throw new RecordRejectedException($"'{column}' {value} is too large for its column (less than {limit:0} in absolute value)");
            }

            if (rounded != value) property.SetValue(row, rounded);
        }
    }

    private static decimal Pow10(int digits)
    {
        var limit = 1m;
        for (var i = 0; i < digits; i++) limit *= 10;
        return limit;
    }
}
