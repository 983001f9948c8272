using LinqToDB.Data;
using Warehouse.Engines;
using Warehouse.Kpis;
using Warehouse.Kpis.Text;
using Warehouse.Tests.Fixtures;

namespace Warehouse.Tests.Kpis;

/// <summary>The texts of the catalogue in each language: complete in the resource files, and carried by kpi.kpi_catalogue.</summary>
public sealed class KpiTextTests(EngineKind engine) : EngineTest(engine)
{
    [Test]
    public void Every_kpi_area_and_status_has_its_russian_and_persian_text()
    {
        foreach (var language in KpiCatalogue.TranslatedLanguages)
        {
            var culture = KpiText.Culture(language);
            foreach (var kpi in KpiCatalogue.All)
            {
                Assert.That(KpiText.Name(kpi.Code, kpi.Name, culture), Is.Not.EqualTo(kpi.Name), $"{language} {kpi.Code}");
                Assert.That(KpiText.Description(kpi.Code, kpi.Description, culture), Is.Not.EqualTo(kpi.Description), $"{language} {kpi.Code}");
            }

            foreach (var area in Enum.GetNames<KpiArea>()) Assert.That(KpiText.Area(area, culture), Is.Not.EqualTo(area), $"{language} {area}");
            foreach (var status in new[] { "on track", "warning", "critical", "no target", "no data" }) Assert.That(KpiText.Status(status, culture), Is.Not.EqualTo(status), $"{language} {status}");
        }
    }

    [Test]
    public async Task The_catalogue_view_carries_the_names_in_each_language()
    {
        await DeployAsync();
        await using var db = Database.Open();

        var names = await db.QueryToListAsync(r => (r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3)),
            "SELECT kpi_name, kpi_name_ru, kpi_name_fa, description_fa FROM kpi.kpi_catalogue WHERE kpi_code = 'aov'");

        Assert.That(names, Is.EqualTo(new[] { ("Average order value", "Средний чек", "میانگین ارزش سفارش", "درآمد خالص (پس از تخفیف و بازپرداخت، به ارز گزارش) / سفارش‌ها.") }));
    }

    [Test]
    public void An_unknown_language_is_refused_by_name() =>
        Assert.That(() => KpiText.Culture("de"), Throws.ArgumentException.With.Message.Contains("use one of en, ru, fa"));
}
