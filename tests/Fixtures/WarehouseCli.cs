using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Warehouse.Tests.Fixtures;

/// <summary>
/// The built <c>Warehouse.Jobs</c> executable run as a user runs it: its own process, a working folder and
/// a fresh configuration in environment variables (nothing of the test's own settings).
/// </summary>
internal sealed class WarehouseCli(string folder, IReadOnlyDictionary<string, string> environment)
{
    public static string Executable => Path.Combine(AppContext.BaseDirectory, "Warehouse.Jobs.dll");

    public string Folder => folder;

    /// <summary>Runs a command to its end (at most five minutes) and returns its exit code and output.</summary>
    public async Task<CliResult> RunAsync(params string[] args)
    {
        using var process = StartProcess(args, new Dictionary<string, string>());
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"`{string.Join(' ', args)}` did not end within five minutes: {await stderr}");
        }

        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Starts a long-running command (serve, demo-api); disposing it kills the process.</summary>
    public RunningCommand Start(string[] args, IReadOnlyDictionary<string, string>? extra = null) =>
        new(StartProcess(args, extra ?? new Dictionary<string, string>()));

    private Process StartProcess(string[] args, IReadOnlyDictionary<string, string> extra)
    {
        var start = new ProcessStartInfo("dotnet", [Executable, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = folder,
        };
        // A fresh configuration: no warehouse, source or listening setting of the test run leaks in.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("Warehouse__", StringComparison.Ordinal) || k.StartsWith("Sources__", StringComparison.Ordinal)
                     || k.StartsWith("ConnectionStrings__", StringComparison.Ordinal) || k.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || k == "Urls").ToList())
        {
            start.Environment.Remove(key);
        }

        foreach (var (key, value) in environment.Concat(extra)) start.Environment[key] = value;
        return Process.Start(start)!;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>A command left running, its output collected as it comes.</summary>
internal sealed class RunningCommand : IAsyncDisposable
{
    private readonly Process process;
    private readonly List<string> output = [];
    private readonly System.Text.StringBuilder errors = new();
    private readonly TaskCompletionSource<string> firstLine = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public RunningCommand(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (output) output.Add(e.Data);
            firstLine.TrySetResult(e.Data);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (errors) errors.AppendLine(e.Data);
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Errors
    {
        get { lock (errors) return errors.ToString(); }
    }

    /// <summary>The first line the command printed (demo-api prints its address).</summary>
    public async Task<string> FirstLineAsync()
    {
        var done = await Task.WhenAny(firstLine.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromMinutes(2)));
        if (done != firstLine.Task) Assert.Fail($"No output line: {Errors}");
        return await firstLine.Task;
    }

    /// <summary>Waits until GET <paramref name="url"/> answers at all (any status).</summary>
    public async Task<HttpResponseMessage> WaitForAsync(HttpClient http, string url)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) Assert.Fail($"The process ended with {process.ExitCode} before {url} answered: {Errors}");
            try
            {
                return await http.GetAsync(url);
            }
            catch (HttpRequestException)
            {
                await Task.Delay(250);
            }
        }

        Assert.Fail($"{url} did not answer within two minutes: {Errors}");
        return null!;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        process.Dispose();
    }
}

internal sealed record CliResult(int ExitCode, string Stdout, string Stderr);
