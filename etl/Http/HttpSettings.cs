namespace Warehouse.Etl.Http;

/// <summary>How an API source is called (section <c>Sources:&lt;Name&gt;:Http</c>).</summary>
public sealed class HttpSettings
{
    /// <summary>Client-side limit, below the service's own.</summary>
    public double RequestsPerSecond { get; set; } = 10;

    /// <summary>Retries of a failed request (0: none).</summary>
    public int MaxRetries { get; set; } = 5;

    /// <summary>First retry delay; later ones grow exponentially (a Retry-After header wins).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Whole request including retries; must exceed the attempt timeout.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(5);

    public void Validate(string source)
    {
        if (TotalTimeout <= AttemptTimeout) throw new InvalidOperationException($"Sources:{source}:Http:TotalTimeout must exceed AttemptTimeout.");
        if (MaxRetries < 0) throw new InvalidOperationException($"Sources:{source}:Http:MaxRetries must not be negative.");
        if (RequestsPerSecond <= 0) throw new InvalidOperationException($"Sources:{source}:Http:RequestsPerSecond must be positive.");
    }
}
