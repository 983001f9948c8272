using System.Globalization;
using LinqToDB.Data;
using Warehouse.Engines;

namespace Warehouse.Tests.Fixtures;

/// <summary>The content of a table as sorted text lines, without the lineage column (a re-run writes new load ids).</summary>
internal static class TableDump
{
    public static async Task<List<string>> ReadAsync(WarehouseDatabase database, string table, IReadOnlyCollection<string>? leaveOut = null)
    {
        await using var db = database.Open();
        await using var reader = await db.ExecuteReaderAsync($"SELECT * FROM {table}");
        var lines = new List<string>();
        while (await reader.Reader!.ReadAsync())
        {
            // Cells by column name: a column that init added later sits last in the table but compares in its place.
            var cells = new SortedDictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < reader.Reader.FieldCount; i++)
            {
                if (reader.Reader.GetName(i) == "load_id" || leaveOut?.Contains(reader.Reader.GetName(i)) == true) continue;
                cells[reader.Reader.GetName(i)] = Convert.ToString(reader.Reader.GetValue(i), CultureInfo.InvariantCulture) ?? "";
            }

            lines.Add(string.Join("|", cells.Values));
        }

        lines.Sort(StringComparer.Ordinal);
        return lines;
    }
}
