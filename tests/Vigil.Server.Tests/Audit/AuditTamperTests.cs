using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Vigil.Storage;

namespace Vigil.Server.Tests.Audit;

/// <summary>Issue 11, defect 9: the service never acts on an edited audit record, and anchors its head outside the database by default.</summary>
public sealed class AuditTamperTests
{
    private const string Observed =
        """{"subject":{"type":"user","id":"alice"},"action":{"name":"read"},"resource":{"type":"doc","id":"1"},"context":{"ip":"81.2.69.10","event_id":"ev-1","time":"2026-03-02T08:00:00Z"}}""";

    [Theory]
    [InlineData("UPDATE audit SET subject = 'bob' WHERE decision_id = $d")]
    [InlineData("UPDATE audit SET decision_id = 'moved' WHERE decision_id = $d; UPDATE audit SET decision_id = $d WHERE seq = (SELECT MAX(seq) FROM audit)")]
    [InlineData("UPDATE audit SET record = CAST(REPLACE(CAST(record AS TEXT), '\"alice\"', '\"bob\"') AS BLOB), subject = 'bob' WHERE decision_id = $d")]
    public async Task Feedback_OnAnEditedDecisionRecord_IsRefusedAndNothingIsApplied(string edit)
    {
        await using var service = await TestService.StartAsync();
        var (_, decision) = await service.PostJsonAsync("/access/v1/evaluation", Observed);
        string id = decision.GetProperty("context").GetProperty("decision_id").GetString()!;
        await service.PostJsonAsync("/access/v1/evaluation", Observed.Replace("alice", "carol", StringComparison.Ordinal).Replace("ev-1", "ev-2", StringComparison.Ordinal));
        await service.StoreAfterAuditFlushAsync();

        Tamper(service.Options.DataDirectory, edit, id);
        var (response, body) = await service.PostJsonAsync("/v1/feedback", $$"""{"kind":"confirm_compromised","decision_id":"{{id}}"}""");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("decision_id", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        using var bob = await service.Client.GetAsync("/v1/identities/bob");
        Assert.NotEqual(HttpStatusCode.OK, bob.StatusCode); // no feedback landed on the edited subject
        Assert.False(AuditVerifier.Verify(service.Options.DataDirectory).Valid);
    }

    [Fact]
    public async Task IdentityView_WithAnEditedSubjectColumn_IsRefused()
    {
        await using var service = await TestService.StartAsync();
        var (_, decision) = await service.PostJsonAsync("/access/v1/evaluation", TestService.Question);
        string id = decision.GetProperty("context").GetProperty("decision_id").GetString()!;
        await service.StoreAfterAuditFlushAsync();
        Tamper(service.Options.DataDirectory, "UPDATE audit SET subject = 'bob' WHERE decision_id = $d", id);

        using var view = await service.Client.GetAsync("/v1/identities/bob");
        Assert.Equal(HttpStatusCode.Conflict, view.StatusCode);
    }

    [Fact]
    public async Task Shutdown_WritesTheHeadToTheDefaultAnchorFileAndTheEndpoint_AndVerifyUsesIt()
    {
        var received = new ConcurrentQueue<string>();
        int port = ServerProcess.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        await using var sink = builder.Build();
        sink.MapPost("/anchors", async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            received.Enqueue(await reader.ReadToEndAsync());
        });
        await sink.StartAsync();

        string dataDir = TempDir.Create();
        string anchorFile = AuditAnchorFile.DefaultPath(dataDir);
        try
        {
            await using (var service = await TestService.StartAsync(o => o.AuditAnchorUrl = $"http://127.0.0.1:{port}/anchors", dataDir))
            {
                for (int i = 0; i < 3; i++)
                {
                    await service.PostJsonAsync("/access/v1/evaluation", TestService.Question);
                }
            }

            var anchors = AuditAnchorFile.Read(anchorFile, out var problems);
            Assert.Empty(problems);
            var head = Assert.Single(anchors);
            Assert.Equal(AuditVerifier.ReadHead(dataDir), head);
            var posted = JsonDocument.Parse(Assert.Single(received)).RootElement;
            Assert.Equal(head.ToString(), posted.GetProperty("anchor").GetString());
            Assert.Equal(3, posted.GetProperty("seq").GetInt64());

            // The tail cut and the head repointed: only the anchor shows it.
            Tamper(dataDir, "DELETE FROM audit WHERE seq > 1; UPDATE audit_head SET seq = 1, hash = (SELECT hash FROM audit WHERE seq = 1)", "");
            Assert.True(AuditVerifier.Verify(dataDir).Valid);
            Assert.False(AuditVerifier.Verify(dataDir, anchors).Valid);
        }
        finally
        {
            TempDir.Delete(dataDir);
        }

        Assert.False(File.Exists(anchorFile));
    }

    [Fact]
    public async Task AnchorFile_None_WritesNoFile_AndAnUnwritablePlaceDoesNotStopTheService()
    {
        string dataDir = TempDir.Create();
        try
        {
            await using (var service = await TestService.StartAsync(o => o.AuditAnchorFile = "none", dataDir))
            {
                await service.PostJsonAsync("/access/v1/evaluation", TestService.Question);
            }

            Assert.False(File.Exists(AuditAnchorFile.DefaultPath(dataDir)));

            string unwritable = Path.Combine(dataDir, "no-such-directory", "anchors");
            await using (var service = await TestService.StartAsync(o => (o.AuditAnchorFile, o.DisableAuthentication) = (unwritable, true), dataDir))
            {
                Assert.Equal(HttpStatusCode.OK, (await service.PostJsonAsync("/access/v1/evaluation", TestService.Question)).Response.StatusCode);
            }

            Assert.Equal(2, AuditVerifier.ReadHead(dataDir)!.Sequence);
        }
        finally
        {
            TempDir.Delete(dataDir);
        }
    }

    [Fact]
    public void Validate_AnchorUrlNotHttp_NamesTheSetting()
    {
        var options = new ServerOptions { DataDirectory = "x", AuditAnchorUrl = "file:///tmp/a" };
        Assert.Contains(options.Validate(), e => e.Contains("--audit-anchor-url", StringComparison.Ordinal));
    }

    private static void Tamper(string dataDir, string sql, string decisionId)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(dataDir, VigilStore.FileName), Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$d", decisionId);
        command.ExecuteNonQuery();
    }
}
