using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Vigil.Server.Tests.Security;

/// <summary>The npm package oidc-provider, run with node on a loopback port by tests/Vigil.Server.Tests/oidc/server.mjs.</summary>
public sealed class OidcProvider : IDisposable
{
    private Process? _process;

    private readonly string? _consoleRedirect;

    private OidcProvider(int port, string? consoleRedirect)
    {
        _consoleRedirect = consoleRedirect;
        Port = port;
        Issuer = $"http://127.0.0.1:{port}";
    }

    public int Port { get; }

    public string Issuer { get; }

    /// <summary>Starts the provider; with <paramref name="consoleRedirect"/> it also serves the console's client and development sign-in pages (oidc/server.mjs).</summary>
    public static async Task<OidcProvider> StartAsync(int? port = null, string? consoleRedirect = null)
    {
        string? problem = NodeFactAttribute.Problem();
        Assert.True(problem is null, problem);
        var provider = new OidcProvider(port ?? ServerProcess.FreePort(), consoleRedirect);
        await provider.LaunchAsync();
        return provider;
    }

    /// <summary>Stops and starts the provider on the same port: it comes back with a new signing key (key rotation).</summary>
    public async Task RestartAsync()
    {
        Stop();
        await LaunchAsync();
    }

    private async Task LaunchAsync()
    {
        var info = new ProcessStartInfo("node") { WorkingDirectory = NodeFactAttribute.OidcDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("server.mjs");
        info.ArgumentList.Add(Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (_consoleRedirect is not null)
        {
            info.ArgumentList.Add(_consoleRedirect);
        }
        _process = Process.Start(info)!;
        var ready = new TaskCompletionSource();
        var log = new StringBuilder();
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.StartsWith("ready", StringComparison.Ordinal) == true)
            {
                ready.TrySetResult();
            }
        };
        _process.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        if (await Task.WhenAny(ready.Task, Task.Delay(TimeSpan.FromSeconds(20))) != ready.Task)
        {
            Stop();
            throw new TimeoutException("oidc-provider did not start: " + log);
        }
    }

    /// <summary>A client-credentials access token (RFC 6749 section 4.4) for <paramref name="resource"/> (RFC 8707), a JWT (RFC 9068).</summary>
    public async Task<string> TokenAsync(string client, string resource, string scope)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, Issuer + "/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["resource"] = resource,
                ["scope"] = scope,
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.ASCII.GetBytes($"{client}:{client}-secret")));
        var response = await http.SendAsync(request);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, "token request failed: " + body);
        return JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!;
    }

    private void Stop()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process?.Dispose();
        _process = null;
    }

    public void Dispose() => Stop();
}
