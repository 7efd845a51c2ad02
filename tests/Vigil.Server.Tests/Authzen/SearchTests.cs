using System.Net;
using System.Text.Json;

namespace Vigil.Server.Tests.Authzen;

public sealed class SearchTests
{
    private static async Task<TestService> Seeded()
    {
        var service = await TestService.StartAsync(o => o.PolicyFactory = _ => new FixedPolicy());
        foreach (string subject in (string[])["alice", "bob"])
        {
            foreach (string resource in (string[])["a", "deny"])
            {
                foreach (string action in (string[])["read", "delete"])
                {
                    await service.PostJsonAsync("/access/v1/evaluation",
                        $$$"""{"subject":{"type":"user","id":"{{{subject}}}"},"action":{"name":"{{{action}}}"},"resource":{"type":"doc","id":"{{{resource}}}"}}""");
                }
            }
        }

        return service;
    }

    private static string[] Ids(JsonElement body, string field = "id") =>
        [.. body.GetProperty("results").EnumerateArray().Select(r => r.GetProperty(field).GetString()!)];

    [Fact]
    public async Task SearchResource_ReturnsOnlyPermittedKnownResources()
    {
        await using var service = await Seeded();
        var (response, body) = await service.PostJsonAsync("/access/v1/search/resource",
            """{"subject":{"type":"user","id":"alice"},"action":{"name":"read"},"resource":{"type":"doc"}}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["a"], Ids(body));
        Assert.Equal("", body.GetProperty("page").GetProperty("next_token").GetString());
    }

    [Fact]
    public async Task SearchSubject_PagesThroughKnownSubjects()
    {
        await using var service = await Seeded();
        const string Request = """{"subject":{"type":"user"},"action":{"name":"read"},"resource":{"type":"doc","id":"a"},"page":{"limit":1TOKEN}}""";
        var (_, first) = await service.PostJsonAsync("/access/v1/search/subject", Request.Replace("TOKEN", "", StringComparison.Ordinal));
        Assert.Equal(["alice"], Ids(first));
        string token = first.GetProperty("page").GetProperty("next_token").GetString()!;
        var (_, second) = await service.PostJsonAsync("/access/v1/search/subject", Request.Replace("TOKEN", $",\"token\":\"{token}\"", StringComparison.Ordinal));
        Assert.Equal(["bob"], Ids(second));

        var (_, none) = await service.PostJsonAsync("/access/v1/search/subject",
            """{"subject":{"type":"user"},"action":{"name":"read"},"resource":{"type":"doc","id":"deny"}}""");
        Assert.Empty(Ids(none));
    }

    [Fact]
    public async Task SearchAction_ListsPermittedKnownActions()
    {
        await using var service = await Seeded();
        var (_, body) = await service.PostJsonAsync("/access/v1/search/action",
            """{"subject":{"type":"user","id":"alice"},"resource":{"type":"doc","id":"a"}}""");
        Assert.Equal(["delete", "read"], Ids(body, "name"));
    }

    [Fact]
    public async Task Search_MissingParts_Returns400NamingThem()
    {
        await using var service = await TestService.StartAsync();
        var (response, body) = await service.PostJsonAsync("/access/v1/search/resource", """{"subject":{"type":"user","id":"alice"},"resource":{"type":"doc"}}""");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("action.name", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
