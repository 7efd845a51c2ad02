using System.Diagnostics;
using System.Text.Json;
using Vigil.Server.Tests.Security;

namespace Vigil.Server.Tests.SharedSignals;

/// <summary>Runs tests/Vigil.Server.Tests/oidc/verify-sets.mjs: the npm package jose verifies SETs against the transmitter's JWKS.</summary>
internal static class JoseVerifier
{
    public static async Task<List<JsonElement>> VerifyAsync(string jwks, string issuer, string audience, IEnumerable<string> tokens)
    {
        var info = new ProcessStartInfo("node") { WorkingDirectory = NodeFactAttribute.OidcDirectory, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("verify-sets.mjs");
        using var process = Process.Start(info)!;
        string input = JsonSerializer.Serialize(new { jwks = JsonDocument.Parse(jwks).RootElement, issuer, audience, tokens = tokens.ToArray() });
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, "verify-sets.mjs failed: " + await error);
        return (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
    }

    /// <summary>Asserts that jose accepts every token, and returns their verified payloads.</summary>
    public static async Task<List<JsonElement>> AssertAllValidAsync(string jwks, string issuer, string audience, IReadOnlyCollection<string> tokens)
    {
        var results = await VerifyAsync(jwks, issuer, audience, tokens);
        Assert.Equal(tokens.Count, results.Count);
        foreach (var r in results)
        {
            Assert.True(r.GetProperty("ok").GetBoolean(), "jose refused a SET: " + r);
        }

        return results.Select(r => r.GetProperty("payload")).ToList();
    }
}
