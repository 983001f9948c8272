namespace Warehouse.Etl.Http;

/// <summary>
/// Bounds one paged read against a server that never ends it: at most <see cref="HttpSettings.MaxPages"/> pages in a
/// run, and at most <see cref="MaxEmptyPagesInARow"/> empty pages in a row that still link to a next one (no service
/// we read pages that way). Past either the stream fails with the count, its cursor unmoved.
/// </summary>
internal sealed class PageBudget(string what, int maxPages)
{
    public const int MaxEmptyPagesInARow = 10;

    private int pages;
    private int emptyInARow;

    /// <summary>Counts a page that links to a next one, with the records it held.</summary>
    public void Next(int records)
    {
        pages++;
        emptyInARow = records == 0 ? emptyInARow + 1 : 0;
        if (emptyInARow > MaxEmptyPagesInARow)
        {
            throw new InvalidOperationException($"{what}: {emptyInARow} empty pages in a row, each with a link to another: stopped instead of following them for ever.");
        }

        if (pages >= maxPages)
        {
            throw new InvalidOperationException($"{what}: more than {maxPages:N0} pages in one run (Http:MaxPages): stopped. Raise the setting if the source really holds that much.");
        }
    }
}
