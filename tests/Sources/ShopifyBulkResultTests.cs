using System.Text.Json;
using Warehouse.Etl.Landing;
using Warehouse.Etl.Sources.Shopify;

namespace Warehouse.Tests.Sources;

/// <summary>
/// The streaming join of a bulk operation's JSON lines (shopify.dev/docs/api/usage/bulk-operations/queries): children
/// to their parent by __parentId, and lines that cannot be joined quarantined, not lost.
/// </summary>
public sealed class ShopifyBulkResultTests
{
    private static async Task<List<SourceRecord>> JoinAsync(params string[] lines)
    {
        using var reader = new StringReader(string.Join('\n', lines));
        var records = new List<SourceRecord>();
        await foreach (var record in ShopifyBulkResult.JoinAsync(reader, ShopifyOrdersStream.Query, () => CancellationToken.None)) records.Add(record);
        return records;
    }

    [Test]
    public async Task Children_join_their_parent_in_the_shape_of_a_page_and_refunds_keep_only_their_ids()
    {
        var records = await JoinAsync(
            """{"id":"gid://shopify/Order/1","updatedAt":"2026-03-01T09:00:00Z","refunds":[{"id":"gid://shopify/Refund/7"}]}""",
            """{"id":"gid://shopify/LineItem/11","quantity":2,"__parentId":"gid://shopify/Order/1"}""",
            """{"id":"gid://shopify/LineItem/12","quantity":1,"__parentId":"gid://shopify/Order/1"}""",
            """{"id":"gid://shopify/Order/2","updatedAt":"2026-03-02T09:00:00Z","refunds":[]}""",
            """{"id":"gid://shopify/LineItem/21","quantity":5,"__parentId":"gid://shopify/Order/2"}""");

        Assert.That(records.Select(r => r.IsMalformed), Is.All.False);
        Assert.That(records, Has.Count.EqualTo(2));
        var first = records[0].Json;
        Assert.That(first.GetProperty("lineItems").GetProperty("nodes").EnumerateArray().Select(l => l.GetProperty("quantity").GetInt32()), Is.EqualTo(new[] { 2, 1 }));
        Assert.That(first.GetProperty("refunds")[0].EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "id" }),
            "a bulk query selects a refund by id only: its refund lines are read after the bulk operation");
        Assert.That(first.TryGetProperty("__parentId", out _), Is.False);
        Assert.That(records[1].Json.GetProperty("lineItems").GetProperty("nodes").GetArrayLength(), Is.EqualTo(1));
        Assert.That(records[1].Cursor, Is.EqualTo("2026-03-02T09:00:00.000Z"), "the watermark of each record");
    }

    [Test]
    public async Task A_refund_line_in_a_bulk_result_is_not_one_the_query_asked_for_and_is_quarantined()
    {
        var records = await JoinAsync(
            """{"id":"gid://shopify/Order/1","updatedAt":"2026-03-01T09:00:00Z","refunds":[{"id":"gid://shopify/Refund/7"}]}""",
            """{"id":"gid://shopify/RefundLineItem/71","quantity":1,"__parentId":"gid://shopify/Refund/7"}""");

        Assert.That(records.Select(r => r.IsMalformed), Is.EqualTo(new[] { true, false }));
        Assert.That(records[0].Malformed, Does.Contain("its type RefundLineItem is not one the query asked for"));
    }

    [Test]
    public async Task A_child_away_from_its_parent_and_a_line_that_is_not_json_are_quarantined_with_the_line_number()
    {
        // As a result written without groupObjects puts children after every parent (the default from 2026-01).
        var records = await JoinAsync(
            """{"id":"gid://shopify/Order/1","updatedAt":"2026-03-01T09:00:00Z"}""",
            """{"id":"gid://shopify/Order/2","updatedAt":"2026-03-02T09:00:00Z"}""",
            """{"id":"gid://shopify/LineItem/11","quantity":2,"__parentId":"gid://shopify/Order/1"}""",
            """{"id":"gid://shopify/Order/3",""",
            "<html>");

        var bad = records.Where(r => r.IsMalformed).ToList();
        Assert.That(bad.Select(r => r.Malformed![..Math.Min(r.Malformed!.Length, 20)]), Is.EqualTo(new[] { "bulk result line 3: ", "bulk result line 4 i", "bulk result line 5 i" }));
        Assert.That(bad[0].Malformed, Does.Contain("gid://shopify/Order/1 is not the record before it"));
        Assert.That(bad[0].Payload, Does.Contain("LineItem/11"), "the raw line is kept for the quarantine");
        Assert.That(records.Where(r => !r.IsMalformed).Select(r => r.Json.GetProperty("id").GetString()), Is.EqualTo(new[] { "gid://shopify/Order/1", "gid://shopify/Order/2" }));
        Assert.That(JsonSerializer.Serialize(records[0].Json), Does.Not.Contain("lineItems"));
    }
}
