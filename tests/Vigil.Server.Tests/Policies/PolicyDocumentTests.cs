using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Vigil.Server.Tests.Policies;

/// <summary>The real policy language behind the service: decisions name the policy, and a broken document never replaces a good one.</summary>
public sealed class PolicyDocumentTests
{
    private const string Enforced = """
        version: svc-2
        mode: enforce
        segments:
          - name: reports
            match: { types: [report] }
            sensitivity: high
            rules:
              - name: same-department
                actions: [read]
                condition: resource.properties.department == subject.department
        """;

    private static object Request(string department) => new
    {
        subject = new { type = "user", id = "alice", properties = new { department = "finance" } },
        action = new { name = "read" },
        resource = new { type = "report", id = "q3", properties = new { department } },
    };

    [Fact]
    public async Task DefaultPolicy_DecisionsCarryTheShippedPolicyInMonitorMode()
    {
        await using var service = await TestService.StartAsync();
        var response = await service.Client.PostAsJsonAsync("/access/v1/evaluation", Request("finance"));
        var context = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("context");
        Assert.Equal("default-1", context.GetProperty("policy").GetProperty("version").GetString());
        Assert.Equal("monitor", context.GetProperty("mode").GetString());
    }

    [Fact]
    public async Task ReplacedDocument_ConditionsSeeRequestPropertiesAndBrokenDocumentsAreRefused()
    {
        await using var service = await TestService.StartAsync();
        var put = await service.Client.PutAsync("/v1/policy?comment=reports", new StringContent(Enforced, Encoding.UTF8, "text/plain"));
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());

        var same = JsonDocument.Parse(await (await service.Client.PostAsJsonAsync("/access/v1/evaluation", Request("finance"))).Content.ReadAsStringAsync()).RootElement;
        Assert.True(same.GetProperty("decision").GetBoolean());
        Assert.Equal("same-department", same.GetProperty("context").GetProperty("policy").GetProperty("rule").GetString());

        var other = JsonDocument.Parse(await (await service.Client.PostAsJsonAsync("/access/v1/evaluation", Request("sales"))).Content.ReadAsStringAsync()).RootElement;
        Assert.False(other.GetProperty("decision").GetBoolean());
        Assert.Equal("VG2002", other.GetProperty("context").GetProperty("policy").GetProperty("reason").GetString());

        var broken = await service.Client.PutAsync("/v1/policy", new StringContent(Enforced.Replace("subject.department", "subject.departmnt", StringComparison.Ordinal), Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, broken.StatusCode);
        Assert.Contains("policy:10:", await broken.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var still = JsonDocument.Parse(await (await service.Client.PostAsJsonAsync("/access/v1/evaluation", Request("finance"))).Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("svc-2", still.GetProperty("context").GetProperty("policy").GetProperty("version").GetString());
    }
}
