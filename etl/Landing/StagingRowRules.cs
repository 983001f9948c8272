using System.Linq.Expressions;
using System.Reflection;
using LinqToDB.Mapping;

namespace Warehouse.Etl.Landing;

/// <summary>
/// The staging columns' own rules, checked on every row before the bulk copy so that every engine lands the same
/// value or quarantines the same record with a reason (one engine would otherwise truncate, another fail the whole
/// load): a decimal is rounded half to even to its column's scale (DuckDB's appender would truncate 1.429999948 to
/// 1.4299 in DECIMAL(18,4)) and must fit its precision; text must fit its column and hold no NUL character
/// (PostgreSQL refuses it, DuckDB keeps it) and no lone UTF-16 surrogate (no engine's UTF-8 text can hold one); a date
/// must lie in <see cref="FirstDate"/> to <see cref="LastDate"/>, which every calendar the warehouse reports in (Gregorian,
/// Solar Hijri) and every engine's date type covers: a record dated 0001-01-01 is quarantined here instead of failing
/// every transform after it.
/// </summary>
internal static class StagingRowRules<TStaging> where TStaging : class
{
    private static readonly (string Column, Func<TStaging, decimal?> Get, Action<TStaging, decimal> Set, int Scale, decimal Limit)[] Decimals = Columns()
        .Where(c => Underlying(c) == typeof(decimal))
        .Select(c => (c.ColumnName, Getter<decimal?>(c), Setter(c), c.Scale ?? 4, Pow10((c.Precision ?? 18) - (c.Scale ?? 4))))
        .ToArray();

    private static readonly (string Column, Func<TStaging, string?> Get, int? Length)[] Texts = Columns()
        .Where(c => c.MemberType == typeof(string))
        .Select(c => (c.ColumnName, Getter<string?>(c), c.Length is > 0 ? c.Length : null))
        .ToArray();

    public static readonly DateTime FirstDate = new(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static readonly DateTime LastDate = new(9998, 12, 31, 0, 0, 0, DateTimeKind.Utc);

    private static readonly (string Column, Func<TStaging, DateTime?> Get)[] Dates = Columns()
        .Where(c => Underlying(c) == typeof(DateTime))
        .Select(c => (c.ColumnName, Getter<DateTime?>(c)))
        .Concat(Columns().Where(c => Underlying(c) == typeof(DateOnly)).Select(c =>
        {
            var get = Getter<DateOnly?>(c);
            return (c.ColumnName, (Func<TStaging, DateTime?>)(row => get(row)?.ToDateTime(TimeOnly.MinValue)));
        }))
        .ToArray();

    public static void Apply(TStaging row)
    {
        foreach (var (column, get) in Dates)
        {
            if (get(row) is { } date && (date < FirstDate || date > LastDate))
            {
                throw new RecordRejectedException($"'{column}' {date:yyyy-MM-dd} is outside the dates the warehouse keeps ({FirstDate:yyyy-MM-dd} to {LastDate:yyyy-MM-dd})");
            }
        }

        foreach (var (column, get, set, scale, limit) in Decimals)
        {
            if (get(row) is not { } value) continue;
            var rounded = Math.Round(value, scale, MidpointRounding.ToEven);
            if (Math.Abs(rounded) >= limit)
            {
                throw new RecordRejectedException($"'{column}' {value} is too large for its column (less than {limit:0} in absolute value)");
            }

            if (rounded != value) set(row, rounded);
        }

        foreach (var (column, get, length) in Texts)
        {
            if (get(row) is not { } text) continue;
            if (text.Contains('\0', StringComparison.Ordinal)) throw new RecordRejectedException($"'{column}' contains a NUL character (a binary file, or text in another encoding)");
            if (LoneSurrogate(text) is { } at) throw new RecordRejectedException($"'{column}' holds a lone UTF-16 surrogate at character {at} (\\u{(int)text[at]:x4}), which is not text");
            if (text.Length > length) throw new RecordRejectedException($"'{column}' is {text.Length} characters long; its column holds at most {length}");
        }
    }

    private static int? LoneSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
            else if (char.IsSurrogate(text[i])) return i;
        }

        return null;
    }

    private static IEnumerable<ColumnDescriptor> Columns() =>
        MappingSchema.Default.GetEntityDescriptor(typeof(TStaging)).Columns.Where(c => c.MemberInfo is PropertyInfo);

    private static Type Underlying(ColumnDescriptor column) => Nullable.GetUnderlyingType(column.MemberType) ?? column.MemberType;

    private static Func<TStaging, T> Getter<T>(ColumnDescriptor column)
    {
        var row = Expression.Parameter(typeof(TStaging));
        return Expression.Lambda<Func<TStaging, T>>(Expression.Convert(Expression.Property(row, (PropertyInfo)column.MemberInfo), typeof(T)), row).Compile();
    }

    private static Action<TStaging, decimal> Setter(ColumnDescriptor column)
    {
        var row = Expression.Parameter(typeof(TStaging));
        var value = Expression.Parameter(typeof(decimal));
        var property = (PropertyInfo)column.MemberInfo;
        return Expression.Lambda<Action<TStaging, decimal>>(Expression.Assign(Expression.Property(row, property), Expression.Convert(value, property.PropertyType)), row, value).Compile();
    }

    private static decimal Pow10(int digits)
    {
        var limit = 1m;
        for (var i = 0; i < digits; i++) limit *= 10;
        return limit;
    }
}
