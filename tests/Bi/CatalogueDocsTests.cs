using Warehouse.Bi;
using Warehouse.Kpis;
using Warehouse.Tests.Fixtures;

namespace Warehouse.Tests.Bi;

/// <summary>
/// The KPI table of docs/kpis.md and the DAX measures and relationships of docs/bi.md are the catalogue's own text
/// (<see cref="CatalogueDocs"/>). After a KPI change, <c>UPDATE_DOCS=1 dotnet test --filter CatalogueDocsTests</c>
/// rewrites them.
/// </summary>
public sealed class CatalogueDocsTests
{
    [TestCase("docs/kpis.md", "kpi-table")]
    [TestCase("docs/bi.md", "dax-measures")]
    [TestCase("docs/bi.md", "relationships")]
    public void The_generated_part_of_the_docs_is_the_catalogue(string file, string region)
    {
        var path = Path.Combine(RepositoryFolders.Root, file);
        var text = File.ReadAllText(path).ReplaceLineEndings("\n");
        var expected = CatalogueDocs.Apply(text);
        if (Environment.GetEnvironmentVariable("UPDATE_DOCS") == "1" && expected != text) File.WriteAllText(path, expected);

        Assert.That(CatalogueDocs.RegionsIn(text), Does.Contain(region));
        Assert.That(text, Is.EqualTo(expected), $"{file} differs from the catalogue: run UPDATE_DOCS=1 dotnet test --filter CatalogueDocsTests");
    }

    [Test]
    public void Every_kpi_is_in_the_table_and_has_its_measure_in_the_docs()
    {
        var kpis = File.ReadAllText(Path.Combine(RepositoryFolders.Root, "docs", "kpis.md"));
        var bi = File.ReadAllText(Path.Combine(RepositoryFolders.Root, "docs", "bi.md"));
        foreach (var kpi in KpiCatalogue.All)
        {
            Assert.That(kpis, Does.Contain($"| `{kpi.Code}` | {kpi.Name} |"));
            Assert.That(bi, Does.Contain($"{kpi.Name} :=").And.Contain($"[kpi_code] = \"{kpi.Code}\""));
        }
    }
}
