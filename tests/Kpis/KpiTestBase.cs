using Warehouse.Engines;
using Warehouse.Kpis;
using Warehouse.Tests.Fixtures;

namespace Warehouse.Tests.Kpis;

/// <summary>Deploys the warehouse, lets a test insert its fixture, and reads the KPI's published values.</summary>
public abstract class KpiTestBase(EngineKind engine) : EngineTest(engine)
{
    private const double Tolerance = 1e-9;

    /// <summary>Deploys, runs the arrangement and then, as every run does, the refresh of the derived facts and of kpi.kpi_value (unless the arrangement did it itself).</summary>
    private protected async Task ArrangeAsync(Func<StarFixture, Task> arrange, bool refreshDerivedFacts = true, WarehouseSettings? settings = null)
    {
        settings ??= Settings;
        await DeployAsync(settings);
        await using var db = Database.Open();
        var fixture = new StarFixture(db);
        await arrange(fixture);
        if (refreshDerivedFacts && !fixture.Refreshed) await fixture.RefreshDerivedFactsAsync(Database.Dialect, settings);
        else if (!fixture.Refreshed) await fixture.WriteKpiValuesAsync(Database.Dialect, settings);
    }

    protected async Task<KpiValue> ValueAsync(string code, DateOnly period, string slice = KpiSlice.AllCode, string sliceValue = KpiSlice.AllValue, string grain = "month")
    {
        var values = await KpiReader.ReadAsync(Database, grain, slice, code);
        var match = values.Where(v => v.PeriodStart == period && v.SliceValue == sliceValue).ToList();
        Assert.That(match, Has.Count.EqualTo(1), $"{code} {grain} {period} {slice}={sliceValue}: expected one row, found {match.Count}");
        return match[0];
    }

    protected static void AssertValue(KpiValue actual, double numerator, double denominator, double? value)
    {
        Assert.Multiple(() =>
        {
            Assert.That(actual.Numerator, Is.EqualTo(numerator).Within(Tolerance), "numerator");
            Assert.That(actual.Denominator, Is.EqualTo(denominator).Within(Tolerance), "denominator");
            if (value is null) Assert.That(actual.Value, Is.Null, "value");
            else Assert.That(actual.Value, Is.EqualTo(value.Value).Within(1e-6), "value");
        });
    }
}
