using System.Text.Json;
using System.Text.Json.Nodes;
using Warehouse.Etl.Landing;

namespace Warehouse.Etl.Sources.Shopify;

/// <summary>
/// The JSON lines of a bulk operation's result, joined back into whole records while streaming. Shopify writes each
/// node of the root connection on its own line and the nodes of its nested connections on the lines after it, each
/// naming its parent in <c>__parentId</c> (shopify.dev/docs/api/usage/bulk-operations/queries, "The JSONL data format").
/// So one record is held at a time: it is complete when the next root line arrives. Each child goes into its
/// connection as <c>{ nodes: [...] }</c>, the shape the paged queries give, so both are mapped alike.
/// </summary>
internal static class ShopifyBulkResult
{
    /// <param name="nextLine">The token for reading the next line (it bounds how long the line may take).</param>
    public static async IAsyncEnumerable<SourceRecord> JoinAsync(TextReader reader, ShopifyGraphQlQuery query, Func<CancellationToken> nextLine)
    {
        JsonObject? current = null;
        var objects = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        var number = 0;
        while (await reader.ReadLineAsync(nextLine()) is { } line)
        {
            number++;
            if (line.Length == 0) continue;
            JsonObject? node = null;
            string? problem = null;
            try
            {
                node = JsonNode.Parse(line) as JsonObject;
            }
            catch (JsonException e)
            {
                problem = e.Message;
            }

            if (node is null)
            {
                yield return SourceRecord.Unparsable(line.Length > 100_000 ? line[..100_000] : line, $"bulk result line {number} is not a JSON object{(problem is null ? "" : ": " + problem)}");
                continue;
            }

            if (node["__parentId"]?.GetValue<string>() is not { } parentId)
            {
                if (current is not null) yield return Complete(current);
                current = node;
                objects.Clear();
                Register(current, objects);
                continue;
            }

            node.Remove("__parentId");
            var type = TypeOf(node);
            if (!objects.TryGetValue(parentId, out var parent) || type is null || query.ChildOfType(type) is not { } child)
            {
                yield return SourceRecord.Unparsable(line, $"bulk result line {number}: its parent {parentId} is not the record before it, or its type {type ?? "(no id)"} is not one the query asked for");
                continue;
            }

            if (parent[child.Name] is not JsonObject connection)
            {
                parent[child.Name] = connection = new JsonObject { ["nodes"] = new JsonArray() };
            }

            ((JsonArray)connection["nodes"]!).Add(node);
            Register(node, objects);
        }

        if (current is not null) yield return Complete(current);
    }

    private static SourceRecord Complete(JsonObject record)
    {
        var json = JsonSerializer.SerializeToElement(record);
        return new SourceRecord(json, Watermark.Of(json, "updatedAt"));
    }

    // A record's own objects that have an id can be parents of later lines.
    private static void Register(JsonObject node, Dictionary<string, JsonObject> objects)
    {
        if (node["id"] is JsonValue id && id.TryGetValue<string>(out var gid)) objects[gid] = node;
        foreach (var (_, value) in node)
        {
            if (value is JsonArray list)
            {
                foreach (var item in list.OfType<JsonObject>()) Register(item, objects);
            }
        }
    }

    private static string? TypeOf(JsonObject node) =>
        node["id"] is JsonValue id && id.TryGetValue<string>(out var gid) && gid.StartsWith("gid://shopify/", StringComparison.Ordinal)
            ? gid["gid://shopify/".Length..].Split('/')[0]
            : null;
}
