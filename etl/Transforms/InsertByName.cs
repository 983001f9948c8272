using LinqToDB.Mapping;

namespace Warehouse.Etl.Transforms;

/// <summary>
/// <c>INSERT ... SELECT</c> matched by column name, with the column list from the table's linq2db mapping: the select
/// names each value by its column (<c>AS order_id</c>), so no list is typed twice and no value lands in its
/// neighbour's column. A column the select does not fill (set by a later step, or left to its default) is named in
/// <c>leaveOut</c>; a mapped column the select forgets fails the statement on every engine instead of landing empty.
/// </summary>
public static class InsertByName
{
    public static string Into<TTable>(string select, params string[] leaveOut)
    {
        var entity = MappingSchema.Default.GetEntityDescriptor(typeof(TTable));
        var unknown = leaveOut.Where(c => entity.Columns.All(m => m.ColumnName != c)).ToList();
        if (unknown.Count > 0) throw new ArgumentException($"{entity.Name.Name} has no column(s) {string.Join(", ", unknown)}.", nameof(leaveOut));
        var columns = entity.Columns.Where(c => !c.IsIdentity && !leaveOut.Contains(c.ColumnName)).Select(c => c.ColumnName).ToList();
        return $"INSERT INTO {entity.Name.Schema}.{entity.Name.Name} ({string.Join(", ", columns)})\n" +
               $"SELECT {string.Join(", ", columns.Select(c => "v." + c))}\nFROM (\n{select}\n) v";
    }
}
