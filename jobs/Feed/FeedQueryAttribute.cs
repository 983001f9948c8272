using Microsoft.AspNetCore.OData.Query;

namespace Warehouse.Jobs.Feed;

/// <summary>
/// The query options the feed allows ($filter, $select, $orderby, $top, $skip, $count), pages of
/// <see cref="Rows"/> rows.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class FeedQueryAttribute : EnableQueryAttribute
{
    public const int Rows = 500;

    public FeedQueryAttribute()
    {
        PageSize = Rows;
        AllowedQueryOptions = AllowedQueryOptions.Filter | AllowedQueryOptions.Select | AllowedQueryOptions.OrderBy | AllowedQueryOptions.Top
            | AllowedQueryOptions.Skip | AllowedQueryOptions.Count | AllowedQueryOptions.SkipToken | AllowedQueryOptions.Format;
        // linq2db translates the plain expressions; the database handles NULLs itself.
        HandleNullPropagation = HandleNullPropagationOption.False;
    }
}
