using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Vigil.Server.Connectors;

namespace Vigil.Server.Tests.Connectors;

/// <summary>The service with a <c>--connectors</c> file, on a fake clock, its logs captured at every level.</summary>
internal static class ConnectorService
{
    /// <summary>2025-03-01 12:00 UTC: the fakes' events are published in the hours before.</summary>
    public static readonly DateTimeOffset Start = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static async Task<TestService> StartAsync(string connectorJson, FakeTimeProvider time, string dataDir, AllLogs logs, Action<ServerOptions>? configure = null)
    {
        string file = Path.Combine(dataDir, "..", Path.GetFileName(dataDir) + "-connectors.json");
        await File.WriteAllTextAsync(file, connectorJson);
        return await TestService.StartAsync(o =>
        {
            o.ConnectorsPath = file;
            o.Time = time;
            configure?.Invoke(o);
        }, dataDir, b =>
        {
            b.Logging.AddProvider(logs);
            b.Logging.AddFilter("Vigil", LogLevel.Trace);
        });
    }

    /// <summary>A file holding <paramref name="secret"/>, as a mounted secret would.</summary>
    public static string SecretFile(string dataDir, string secret)
    {
        string path = Path.Combine(dataDir, "..", Path.GetFileName(dataDir) + "-secret");
        File.WriteAllText(path, secret + "\n");
        return path.Replace("\\", "\\\\", StringComparison.Ordinal);
    }

    public static ConnectorHealth.Snapshot Health(TestService service, int index = 0) =>
        service.Services.GetRequiredService<IReadOnlyList<ConnectorHealth>>()[index].Read(ConnectorService.Start);

    /// <summary>
    /// Waits until <paramref name="done"/>, moving the fake clock on by <paramref name="step"/> between looks (so
    /// waits on it end); bounded, so a connector that never gets there fails the test instead of hanging it.
    /// </summary>
    public static async Task Until(Func<bool> done, FakeTimeProvider time, TimeSpan step, string what)
    {
        for (int i = 0; i < 3_000 && !done(); i++)
        {
            await Task.Delay(10);
            if (!done() && step > TimeSpan.Zero)
            {
                time.Advance(step);
            }
        }

        Assert.True(done(), what);
    }
}
