using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Warehouse.Etl.Transforms;

/// <summary>
/// The time of each set-based statement of the transforms and the KPI refresh, as a .NET metric (meter
/// <see cref="MeterName"/>), tagged with who ran it, the step and the statement: <c>bench</c> prints the slowest,
/// and any metrics exporter can collect them.
/// </summary>
public static class TransformMetrics
{
    public const string MeterName = "Warehouse.Transform";
    public const string StatementDuration = "warehouse.transform.statement.duration";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Histogram<double> Statements = Meter.CreateHistogram<double>(StatementDuration, unit: "s", description: "Seconds one transform or KPI refresh statement took");

    /// <param name="owner">Who ran it: "The Shopify transform", "The KPI refresh".</param>
    /// <param name="step">The step: its name, or a KPI's code.</param>
    /// <param name="index">The statement's place in its step, from 1.</param>
    /// <param name="statement">The statement (its first words and the table it writes become the label).</param>
    /// <param name="seconds">How long it took.</param>
    public static void Record(string owner, string step, int index, string statement, double seconds)
    {
        if (!Statements.Enabled) return;
        var written = WrittenTables.Of(statement).FirstOrDefault();
        var verb = statement.TrimStart().Split(' ', 2)[0].ToUpperInvariant();
        var label = written is null ? verb : $"{verb} {written}";
        Statements.Record(seconds, new TagList { { "owner", owner }, { "step", step }, { "statement", $"#{index} {label}" } });
    }
}
