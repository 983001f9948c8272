namespace Warehouse.Etl.Sources.Shopify;

/// <summary>
/// What one stream reads through the GraphQL Admin API: the root connection, the node's fields and its nested
/// connections. It is written once and rendered two ways: as a paged query (<c>first</c>/<c>after</c>, <c>nodes</c>,
/// <c>pageInfo</c> on every connection; shopify.dev/docs/api/usage/pagination-graphql) and as a bulk query (no
/// arguments on nested connections, <c>edges { node }</c>; shopify.dev/docs/api/usage/bulk-operations/queries).
/// </summary>
/// <param name="Root">The root connection ("orders").</param>
/// <param name="Fields">The node's own fields, objects and lists.</param>
/// <param name="Children">Nested connections; a child may sit in a list field of the node (<see cref="Child.Under"/>).</param>
/// <param name="SortKey">UPDATED_AT where the root has it; abandonedCheckouts has no such key and is read by ID.</param>
internal sealed record ShopifyGraphQlQuery(string Root, string Fields, IReadOnlyList<ShopifyGraphQlQuery.Child> Children, string SortKey = "UPDATED_AT")
{
    /// <summary>
    /// A nested connection: its field name, the type of its nodes' ids (gid://shopify/<c>Type</c>/1), its fields and page
    /// size; <paramref name="Under"/> names the list field of the node it sits in ("refunds") and <paramref name="UnderType"/>
    /// that list's object type ("Refund").
    /// </summary>
    public sealed record Child(string Name, string Type, string Fields, int First, string? Under = null, string? UnderType = null);

    /// <summary>Page size of a list child's connection when its objects are read by id after a bulk operation.</summary>
    public const int ListChildPage = 10;

    /// <summary>Page size when one list object's connection has more than <see cref="ListChildPage"/> nodes.</summary>
    public const int ListChildMorePage = 200;

    /// <summary>The count query of the root ("ordersCount"): it decides between paged reading and a bulk operation.</summary>
    public string CountField => Root + "Count";

    /// <summary>The connections that sit in a list field of the node (an order's refunds' refund lines).</summary>
    public IEnumerable<Child> ListChildren => Children.Where(c => c.Under is not null);

    public string Paged() =>
        $"query Page($first: Int!, $after: String, $query: String) {{ {Root}(first: $first, after: $after, query: $query, sortKey: {SortKey}) " +
        $"{{ pageInfo {{ hasNextPage endCursor }} nodes {{ {Node(bulk: false)} }} }} }}";

    /// <summary>
    /// The bulk query. Shopify refuses a bulk query with a connection inside a list field ("Queries that contain a
    /// connection field within a list field are not currently supported", bulk-operations/queries, "Operation
    /// restrictions"), so a list child's list is selected by id only and its connection read afterwards (<see cref="ListChildNodes"/>).
    /// </summary>
    public string Bulk(string? search) =>
        $"{{ {Root}({(search is null ? "" : $"query: \"{search.Replace("\"", "\\\"", StringComparison.Ordinal)}\", ")}sortKey: {SortKey}) {{ edges {{ node {{ {Node(bulk: true)} }} }} }} }}";

    /// <summary>
    /// The list objects (refunds) of bulk records, by their ids, each with the first page of its connection:
    /// <c>nodes(ids:)</c> takes up to 250 ids (shopify.dev/docs/api/admin-graphql/2026-07/queries/nodes, usage/limits "Input limits").
    /// </summary>
    public static string ListChildNodes(Child child) =>
        $"query ListChildren($ids: [ID!]!) {{ nodes(ids: $ids) {{ ... on {child.UnderType} {{ id {child.Name}(first: {ListChildPage}) " +
        $"{{ pageInfo {{ hasNextPage endCursor }} nodes {{ {child.Fields} }} }} }} }} }}";

    /// <summary>The next pages of one list object's connection, by <c>node(id:)</c> (queries/node).</summary>
    public static string ListChildMore(Child child) =>
        $"query ListChildMore($id: ID!, $after: String) {{ node(id: $id) {{ ... on {child.UnderType} {{ id {child.Name}(first: {ListChildMorePage}, after: $after) " +
        $"{{ pageInfo {{ hasNextPage endCursor }} nodes {{ {child.Fields} }} }} }} }} }}";

    /// <summary>
    /// The requested cost of one node of the paged query, by Shopify's rules (shopify.dev/docs/api/usage/limits): an
    /// object costs 1 (each selection with braces is one), a scalar 0, a connection 2 plus <c>first</c> times its node.
    /// </summary>
    public int NodeCost => 1 + Objects(Fields)
        + Children.Select(c => c.Under).Distinct().Count(u => u is not null)
        + Children.Sum(c => 2 + c.First * (1 + Objects(c.Fields)));

    /// <summary>The requested cost of one list object in <see cref="ListChildNodes"/>.</summary>
    public static int ListChildCost(Child child) => 1 + 2 + ListChildPage * (1 + Objects(child.Fields));

    private static int Objects(string fields) => fields.Count(ch => ch == '{');

    /// <summary>The connection a bulk result line belongs to, from the type in its id.</summary>
    public Child? ChildOfType(string type) => Children.FirstOrDefault(c => c.Type == type && c.Under is null);

    private string Node(bool bulk)
    {
        var own = string.Join(' ', Children.Where(c => c.Under is null).Select(c => Connection(c, bulk)));
        var lists = ListChildren.GroupBy(c => c.Under!)
            .Select(g => bulk ? $"{g.Key} {{ id }}" : $"{g.Key} {{ id {string.Join(' ', g.Select(c => Connection(c, bulk)))} }}");
        return string.Join(' ', new[] { Fields, own }.Concat(lists).Where(s => s.Length > 0));
    }

    private static string Connection(Child child, bool bulk) => bulk
        ? $"{child.Name} {{ edges {{ node {{ {child.Fields} }} }} }}"
        : $"{child.Name}(first: {child.First}) {{ pageInfo {{ hasNextPage }} nodes {{ {child.Fields} }} }}";
}
