using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using Warehouse.Etl.Transforms;

namespace Warehouse.Jobs.Bench;

/// <summary>The slowest transform statements of a stage, from the transforms' own metrics (meter Warehouse.Transform).</summary>
public sealed class SlowStatements : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly ConcurrentDictionary<string, double> seconds = new(StringComparer.Ordinal);

    public SlowStatements()
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == TransformMetrics.MeterName && instrument.Name == TransformMetrics.StatementDuration) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            string owner = "", step = "", statement = "";
            foreach (var tag in tags)
            {
                switch (tag.Key)
                {
                    case "owner": owner = tag.Value as string ?? ""; break;
                    case "step": step = tag.Value as string ?? ""; break;
                    case "statement": statement = tag.Value as string ?? ""; break;
                }
            }

            var name = $"{owner.Replace("The ", "", StringComparison.Ordinal).Replace(" transform", "", StringComparison.Ordinal)} / {step} {statement}";
            seconds.AddOrUpdate(name, value, (_, total) => total + value);
        });
        listener.Start();
    }

    /// <summary>The <paramref name="count"/> slowest statements with their step and seconds.</summary>
    public string Slowest(int count) => string.Join("; ", seconds.OrderByDescending(s => s.Value).Take(count)
        .Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Key} {s.Value:0.0} s")));

    public void Dispose() => listener.Dispose();
}
