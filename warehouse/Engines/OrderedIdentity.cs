using LinqToDB;
using LinqToDB.Data;
using Warehouse.Schema;

namespace Warehouse.Engines;

/// <summary>Inserts a row whose identity is <see cref="InsertionOrderedAttribute">insertion-ordered</see> and returns its id.</summary>
public static class OrderedIdentity
{
    public static async Task<long> InsertAsync<T>(DataConnection db, SqlDialect dialect, T row, CancellationToken ct) where T : class
    {
        if (dialect.NumbersIdentityInOrder) return await db.InsertWithInt64IdentityAsync(row, token: ct);
        return await InsertGivenAsync(db, dialect, row, ct);
    }

    /// <summary>The engine's IDENTITY would not keep the order, so the column is a plain one and the id is given.</summary>
    internal static async Task<long> InsertGivenAsync<T>(DataConnection db, SqlDialect dialect, T row, CancellationToken ct) where T : class
    {
        var entity = db.MappingSchema.GetEntityDescriptor(typeof(T));
        var key = entity.Columns.Single(c => c.IsIdentity);
        var id = TimeOrderedKey.Next();
        key.MemberAccessor.SetValue(row, id);
        var columns = entity.Columns.ToList();
        var names = string.Join(", ", columns.Select(c => dialect.Quote(c.ColumnName)));
        var values = string.Join(", ", columns.Select((_, i) => dialect.Parameter("p" + i)));
        var parameters = columns.Select((c, i) => new DataParameter("p" + i, c.GetProviderValue(row), c.DataType)).ToArray();
        await db.ExecuteAsync($"INSERT INTO {dialect.QualifiedName(entity.Name.Schema!, entity.Name.Name)} ({names}) VALUES ({values})", ct, parameters);
        return id;
    }
}
