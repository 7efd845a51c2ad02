using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vigil.Server.Tests.Security;

namespace Vigil.Server.Tests.Risk;

/// <summary>
/// The Cedar recipe of docs/integration.md, run by the Cedar engine itself (npm <c>@cedar-policy/cedar-wasm</c> on
/// node): the caller reads <c>GET /v1/risk/{id}</c> and fills the request context; the policy in
/// examples/integration/risk.cedar then lets a low-risk identity read and write and stops a compromised one.
/// </summary>
public sealed class CedarRecipeTests
{
    private const string Observed =
        """{"subject":{"type":"user","id":"alice"},"action":{"name":"read"},"resource":{"type":"doc","id":"1"},"context":{"ip":"81.2.69.10","session_id":"s-alice","event_id":"ev-1","time":"2026-03-02T08:00:00Z"}}""";

    private static readonly string Policy = File.ReadAllText(Path.Combine(ServerProcess.RepositoryRoot(), "examples", "integration", "risk.cedar"));

    private static async Task<string> CedarDecides(string principal, string action, JsonElement risk)
    {
        var input = new JsonObject
        {
            ["policy"] = Policy,
            ["principal"] = principal,
            ["action"] = action,
            ["resource"] = "d1",
            ["risk"] = JsonNode.Parse(risk.GetRawText()),
        };
        var info = new ProcessStartInfo("node", "cedar-risk.mjs")
        {
            WorkingDirectory = NodeFactAttribute.OidcDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var node = Process.Start(info)!;
        await node.StandardInput.WriteAsync(input.ToJsonString());
        node.StandardInput.Close();
        string output = await node.StandardOutput.ReadToEndAsync();
        string errors = await node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync();
        Assert.True(node.ExitCode == 0, "cedar-risk.mjs failed: " + output + errors);
        return JsonDocument.Parse(output).RootElement.GetProperty("decision").GetString()!;
    }

    private static async Task<JsonElement> Risk(TestService service, string id, string action)
    {
        var response = await service.Client.GetAsync($"/v1/risk/{id}?action={action}&resource_type=doc&resource_id=d1");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    [NodeFact]
    public async Task CedarPolicy_WithVigilsRiskInTheContext_PermitsTheQuietIdentityAndStopsTheCompromisedOne()
    {
        await using var service = await TestService.StartAsync();
        Assert.Equal(HttpStatusCode.OK, (await service.PostJsonAsync("/access/v1/evaluation", Observed)).Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await service.PostJsonAsync("/v1/feedback", """{"kind":"not_me","identity":"alice"}""")).Response.StatusCode);

        Assert.Equal("allow", await CedarDecides("bob", "read", await Risk(service, "bob", "read")));
        Assert.Equal("allow", await CedarDecides("bob", "write", await Risk(service, "bob", "write")));
        Assert.Equal("deny", await CedarDecides("alice", "read", await Risk(service, "alice", "read")));
        Assert.Equal("deny", await CedarDecides("alice", "write", await Risk(service, "alice", "write")));
    }
}
