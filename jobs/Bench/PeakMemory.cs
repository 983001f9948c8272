using System.Diagnostics;
using System.Globalization;

namespace Warehouse.Jobs.Bench;

/// <summary>
/// The process's peak resident memory (Linux VmHWM), which can be reset between stages by writing 5 to
/// /proc/self/clear_refs, so each stage reports its own peak. Elsewhere: the peak working set, not resettable.
/// </summary>
public static class PeakMemory
{
    public static void Reset()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        if (File.Exists("/proc/self/clear_refs"))
        {
            try { File.WriteAllText("/proc/self/clear_refs", "5"); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }

    public static double Megabytes()
    {
        if (File.Exists("/proc/self/status"))
        {
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            if (line is not null)
            {
                return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
            }
        }

        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64 / 1024.0 / 1024.0;
    }
}
