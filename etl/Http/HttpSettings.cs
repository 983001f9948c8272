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

    /// <summary>Pages one stream may read in a run; a server that keeps linking further pages fails the stream past it.</summary>
    public int MaxPages { get; set; } = 100_000;

    /// <summary>
    /// The longest one request waits for the service's rate limit to allow it (Shopify's GraphQL bucket to refill): a
    /// wait longer than this, or a restore rate that is not a positive number, fails the stream with the figures.
    /// </summary>
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The longest a run waits for a Shopify bulk operation to finish (polled meanwhile); past it the stream fails and the operation is left to finish.</summary>
    public TimeSpan BulkTimeout { get; set; } = TimeSpan.FromHours(2);

    public void Validate(string source)
    {
        if (MaxPages < 1) throw new InvalidOperationException($"Sources:{source}:Http:MaxPages must be at least 1.");
        if (MaxWait <= TimeSpan.Zero || BulkTimeout <= TimeSpan.Zero) throw new InvalidOperationException($"Sources:{source}:Http:MaxWait and BulkTimeout must be positive.");
        if (TotalTimeout <= AttemptTimeout) throw new InvalidOperationException($"Sources:{source}:Http:TotalTimeout must exceed AttemptTimeout.");
        if (MaxRetries < 0) throw new InvalidOperationException($"Sources:{source}:Http:MaxRetries must not be negative.");
        if (RequestsPerSecond <= 0) throw new InvalidOperationException($"Sources:{source}:Http:RequestsPerSecond must be positive.");
    }
}
