using System.Net;
using System.Text.Json;

namespace Vigil.Server.Tests.SharedSignals;

/// <summary>Conformance module "metadata": the transmitter configuration and its keys.</summary>
public sealed class SsfDiscoveryTests
{
    [Fact]
    public async Task Discovery_IssuerWithPath_ServedAtPathSuffixedWellKnownWithRequiredMembers()
    {
        await using var ssf = await SsfHarness.StartAsync();
        using var anonymous = ssf.AnonymousClient();
        // SSF 1.0 section 7.2.1: issuer https://host/vigil -> https://host/.well-known/ssf-configuration/vigil.
        var response = await anonymous.GetAsync("/.well-known/ssf-configuration/vigil");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var config = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("1_0", config.GetProperty("spec_version").GetString());
        Assert.Equal(SsfHarness.Issuer, config.GetProperty("issuer").GetString());
        Assert.Equal(SsfHarness.Issuer + "/ssf/jwks.json", config.GetProperty("jwks_uri").GetString());
        Assert.Equal(["urn:ietf:rfc:8935", "urn:ietf:rfc:8936"], config.GetProperty("delivery_methods_supported").EnumerateArray().Select(e => e.GetString()));
        foreach (string endpoint in new[] { "configuration_endpoint", "status_endpoint", "add_subject_endpoint", "remove_subject_endpoint", "verification_endpoint" })
        {
            Assert.StartsWith(SsfHarness.Issuer + "/ssf/", config.GetProperty(endpoint).GetString(), StringComparison.Ordinal);
        }

        Assert.Equal("ALL", config.GetProperty("default_subjects").GetString());
        Assert.Equal(JsonValueKind.Array, config.GetProperty("authorization_schemes").ValueKind);

        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/.well-known/ssf-configuration/other")).StatusCode);
    }

    [Fact]
    public async Task Jwks_FirstStart_OneRsaKeyOfAtLeast2048BitsAndNoPrivateMembers()
    {
        await using var ssf = await SsfHarness.StartAsync();
        var jwks = JsonDocument.Parse(await ssf.JwksAsync()).RootElement;
        var key = Assert.Single(jwks.GetProperty("keys").EnumerateArray());
        Assert.Equal("RSA", key.GetProperty("kty").GetString());
        Assert.Equal("RS256", key.GetProperty("alg").GetString());
        Assert.Equal("sig", key.GetProperty("use").GetString());
        Assert.True(SsfHarness.Base64Url(key.GetProperty("n").GetString()!).Length * 8 >= 2048);
        foreach (string secret in new[] { "d", "p", "q", "dp", "dq", "qi" })
        {
            Assert.False(key.TryGetProperty(secret, out _), $"the JWKS publishes the private member {secret}");
        }
    }

    [Fact]
    public async Task Jwks_Restart_KeepsTheSameKey()
    {
        string dir = TempDir.Create();
        try
        {
            string first, second;
            await using (var ssf = await SsfHarness.StartAsync(dir))
            {
                first = await ssf.JwksAsync();
            }

            await using (var ssf = await SsfHarness.StartAsync(dir, receiverKey: "unused"))
            {
                second = await ssf.JwksAsync();
            }

            Assert.Equal(first, second);
        }
        finally
        {
            TempDir.Delete(dir);
        }
    }
}
