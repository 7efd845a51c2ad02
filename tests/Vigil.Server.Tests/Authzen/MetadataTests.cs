using System.Text.Json;

namespace Vigil.Server.Tests.Authzen;

/// <summary>Issue 11, defect 11: the anonymous PDP metadata comes from settings, never from the caller's Host header.</summary>
public sealed class MetadataTests
{
    private static async Task<JsonElement> MetadataAsync(TestService service, string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/.well-known/authzen-configuration");
        request.Headers.Host = host;
        request.Headers.Add("X-Forwarded-Host", "attacker.example");
        request.Headers.Add("X-Forwarded-Proto", "https");
        using var response = await service.Client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    [Fact]
    public async Task Metadata_PublicBaseUrlSetHostileHost_PublishesTheSetting()
    {
        await using var service = await TestService.StartAsync(o => o.PublicBaseUrl = "https://pdp.example.com/");

        var body = await MetadataAsync(service, "attacker.example");

        Assert.Equal("https://pdp.example.com", body.GetProperty("policy_decision_point").GetString());
        Assert.Equal("https://pdp.example.com/access/v1/evaluation", body.GetProperty("access_evaluation_endpoint").GetString());
        Assert.Equal("https://pdp.example.com/access/v1/evaluations", body.GetProperty("access_evaluations_endpoint").GetString());
        Assert.Equal("https://pdp.example.com/access/v1/search/subject", body.GetProperty("search_subject_endpoint").GetString());
        Assert.Equal("https://pdp.example.com/access/v1/search/resource", body.GetProperty("search_resource_endpoint").GetString());
        Assert.Equal("https://pdp.example.com/access/v1/search/action", body.GetProperty("search_action_endpoint").GetString());
        Assert.DoesNotContain("attacker", body.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metadata_NoPublicBaseUrlConcreteListenUrl_BuiltFromTheListenUrl()
    {
        // TestServer does not bind, so a concrete port is safe here.
        await using var service = await TestService.StartAsync(o => o.Urls = "http://0.0.0.0:9000;http://127.0.0.1:8080");

        var body = await MetadataAsync(service, "attacker.example");

        Assert.Equal("http://127.0.0.1:8080", body.GetProperty("policy_decision_point").GetString());
        Assert.Equal("http://127.0.0.1:8080/access/v1/evaluation", body.GetProperty("access_evaluation_endpoint").GetString());
        Assert.DoesNotContain("attacker", body.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metadata_NoPublicBaseUrlNoConcreteListenUrl_RelativePathsAndNoIdentifier()
    {
        await using var service = await TestService.StartAsync(); // listens on port 0: no address to publish

        var body = await MetadataAsync(service, "attacker.example");

        Assert.False(body.TryGetProperty("policy_decision_point", out _));
        Assert.Equal("/access/v1/evaluation", body.GetProperty("access_evaluation_endpoint").GetString());
        Assert.Equal("/access/v1/search/action", body.GetProperty("search_action_endpoint").GetString());
        Assert.DoesNotContain("attacker", body.GetRawText(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://pdp.example.com", "--public-base-url 'http://pdp.example.com' uses http")]
    [InlineData("pdp.example.com", "is not an absolute https:// URL")]
    [InlineData("ftp://pdp.example.com", "is not an absolute https:// URL")]
    [InlineData("https://pdp.example.com/?tenant=a", "must have no query, fragment or user info")]
    [InlineData("https://pdp.example.com/#x", "must have no query, fragment or user info")]
    [InlineData("https://user@pdp.example.com", "must have no query, fragment or user info")]
    public void Validate_BadPublicBaseUrl_NamesTheSetting(string url, string expected)
    {
        var options = ServerArguments.Parse(["--data-dir", "./d", "--public-base-url", url], out var errors);

        Assert.Empty(errors);
        Assert.Contains(options.Validate(), e => e.Contains(expected, StringComparison.Ordinal) && e.Contains("--public-base-url", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("https://pdp.example.com")]
    [InlineData("https://pdp.example.com/vigil/")]
    [InlineData("http://127.0.0.1:8080")]
    [InlineData("http://localhost:8080")]
    [InlineData("http://[::1]:8080")]
    public void Validate_GoodPublicBaseUrl_Accepted(string url)
    {
        var options = ServerArguments.Parse(["--data-dir", "./d", "--public-base-url", url], out var errors);

        Assert.Empty(errors);
        Assert.DoesNotContain(options.Validate(), e => e.Contains("--public-base-url", StringComparison.Ordinal));
    }
}
