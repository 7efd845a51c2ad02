using System.Net;
using System.Text.Json;
using Vigil.Storage;

namespace Vigil.Server.Tests.Audit;

public sealed class AuditHeadTests
{
    [Fact]
    public async Task The_head_is_served_to_admins_and_anchors_a_verification()
    {
        string dataDir = Directory.CreateTempSubdirectory("vigil-head-").FullName;
        AuditAnchor anchor;
        await using (var service = await TestService.StartAsync(dataDir: dataDir))
        {
            using var empty = await service.Client.GetAsync("/v1/audit/head");
            Assert.Equal(HttpStatusCode.NotFound, empty.StatusCode);

            for (int i = 0; i < 3; i++)
            {
                await service.PostJsonAsync("/access/v1/evaluation", TestService.Question);
            }

            var head = JsonDocument.Parse(await service.Client.GetStringAsync("/v1/audit/head")).RootElement;
            Assert.Equal(3, head.GetProperty("seq").GetInt64());
            Assert.True(AuditAnchor.TryParse(head.GetProperty("anchor").GetString()!, out var parsed, out _));
            anchor = parsed!;
            Assert.Equal(head.GetProperty("hash").GetString(), anchor.Hash);

            string evaluateOnly = await service.CreateKeyAsync("pep", "evaluate");
            using var pep = service.ClientWithKey(evaluateOnly);
            Assert.Equal(HttpStatusCode.Forbidden, (await pep.GetAsync("/v1/audit/head")).StatusCode);
        }

        Assert.Equal(anchor, AuditVerifier.ReadHead(dataDir));
        Assert.True(AuditVerifier.Verify(dataDir, [anchor]).Valid);
        Directory.Delete(dataDir, recursive: true);
    }
}
