namespace Warehouse.Engines;

/// <summary>
/// Ids in time order for engines whose IDENTITY is not: microseconds since 2020 times 1,024, plus a salt
/// drawn once per process. Increasing within a process, ordered by clock across processes, and unique unless
/// two processes take the same microsecond with the same salt. Room until the year 2298.
/// </summary>
public static class TimeOrderedKey
{
    private static readonly long Epoch = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;
    private static readonly long Salt = Random.Shared.Next(0, 1024);
    private static long last;

    public static long Next()
    {
        while (true)
        {
            var previous = Interlocked.Read(ref last);
            var now = (DateTime.UtcNow.Ticks - Epoch) / 10 * 1024 + Salt;
            var next = Math.Max(now, previous + 1024);
            if (Interlocked.CompareExchange(ref last, next, previous) == previous) return next;
        }
    }
}
