using Microsoft.Extensions.Time.Testing;

namespace Vigil.Server.Tests.Connectors;

/// <summary>The Microsoft Graph sign-in connector inside the service, against <see cref="FakeGraph"/>.</summary>
public sealed class GraphConnectorTests
{
    private static string Config(FakeGraph graph, string secretFile, int pageSize) =>
        $$"""{"connectors":[{"name":"entra","type":"entra","url":"{{graph.GraphUrl}}","tokenEndpoint":"{{graph.TokenEndpoint}}","clientId":"{{FakeGraph.ClientId}}","clientSecretFile":"{{secretFile}}","since":"2025-03-01T00:00:00Z","pageSize":{{pageSize}},"pollSeconds":60,"lookbackMinutes":15}]}""";

    private static void AddSignIns(FakeGraph graph, int from, int count, DateTimeOffset start)
    {
        for (int i = from; i < from + count; i++)
        {
            graph.Add(start.AddMinutes(i), FakeGraph.SignIn($"si-{i}", start.AddMinutes(i)));
        }
    }

    [Fact]
    public async Task Connector_NextLinkPagesAndALateSignIn_IngestsEachSignInOnce()
    {
        var time = new FakeTimeProvider(ConnectorService.Start);
        await using var graph = await FakeGraph.StartAsync(time);
        var start = ConnectorService.Start.AddHours(-2);
        AddSignIns(graph, 0, 25, start);
        string dir = TempDir.Create();
        await using var service = await ConnectorService.StartAsync(Config(graph, ConnectorService.SecretFile(dir, graph.ClientSecret), 10), time, dir, new AllLogs());

        await ConnectorService.Until(() => ConnectorService.Health(service).Requests >= 3, time, TimeSpan.Zero, "the first sweep is read");
        Assert.Equal(25, ConnectorService.Health(service).Accepted);
        Assert.Contains("createdDateTime%20ge%202025-02-28T23%3A45%3A00Z", graph.Requests[0].Query, StringComparison.Ordinal); // since, less the look-back
        Assert.Contains("$skiptoken=", graph.Requests[1].Query, StringComparison.Ordinal);

        // A sign-in that reached the log late (created before the newest one read) and a new one.
        graph.Add(start.AddMinutes(20.5), FakeGraph.SignIn("late-1", start.AddMinutes(20.5)));
        graph.Add(start.AddMinutes(30), FakeGraph.SignIn("new-1", start.AddMinutes(30)));
        await ConnectorService.Until(() => ConnectorService.Health(service).Accepted >= 27, time, TimeSpan.FromSeconds(10), "the next sweep reads the late and the new sign-in");

        var health = ConnectorService.Health(service);
        var store = await service.StoreAfterAuditFlushAsync();
        Assert.Equal(27, store.JournalHead());
        Assert.True(store.ContainsEvent("late-1"));
        Assert.True(health.Duplicates > 0, "the look-back re-reads sign-ins the journal already has, and they stay single");
        Assert.Equal(1, graph.TokensIssued);
    }

    [Fact]
    public async Task Connector_TokenExpiresAndGraphThrottles_FetchesANewTokenAndWaitsRetryAfter()
    {
        var time = new FakeTimeProvider(ConnectorService.Start);
        await using var graph = await FakeGraph.StartAsync(time);
        AddSignIns(graph, 0, 20, ConnectorService.Start.AddHours(-1));
        string dir = TempDir.Create();
        var logs = new AllLogs();
        graph.Fail(429);
        await using var service = await ConnectorService.StartAsync(Config(graph, ConnectorService.SecretFile(dir, graph.ClientSecret), 10), time, dir, logs);

        await ConnectorService.Until(() => ConnectorService.Health(service).Accepted >= 20, time, TimeSpan.FromSeconds(1), "the connector reads after the throttling");
        Assert.Equal(429, graph.Requests[0].Status);
        Assert.True(graph.Requests[1].At >= graph.Requests[0].At.AddSeconds(30), "no request before Retry-After");

        // The token stops working: the connector gets a new one and goes on, without counting a failure.
        graph.ExpireTokens();
        graph.Add(ConnectorService.Start.AddMinutes(-1), FakeGraph.SignIn("after-expiry", ConnectorService.Start.AddMinutes(-1)));
        long failures = ConnectorService.Health(service).Failures;
        await ConnectorService.Until(() => ConnectorService.Health(service).Accepted >= 21, time, TimeSpan.FromSeconds(10), "the connector reads with a new token");
        Assert.Equal(2, graph.TokensIssued);
        Assert.Equal(failures, ConnectorService.Health(service).Failures);
        Assert.DoesNotContain(logs.Lines, l => l.Contains(graph.ClientSecret, StringComparison.Ordinal) || l.Contains("fake-access-token", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Connector_ClientSecretRefused_NeverLogsTheSecret()
    {
        var time = new FakeTimeProvider(ConnectorService.Start);
        await using var graph = await FakeGraph.StartAsync(time);
        string dir = TempDir.Create();
        const string wrong = "wrong~secret~that~must~stay~hidden";
        var logs = new AllLogs();
        await using var service = await ConnectorService.StartAsync(Config(graph, ConnectorService.SecretFile(dir, wrong), 10), time, dir, logs);

        await ConnectorService.Until(() => ConnectorService.Health(service).Failures >= 2, time, TimeSpan.FromSeconds(1), "the refused secret is retried with backoff");

        string health = await service.Client.GetStringAsync(new Uri("/v1/connectors", UriKind.Relative));
        Assert.Contains("token endpoint answered 401", health, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, health, StringComparison.Ordinal);
        Assert.DoesNotContain(logs.Lines, l => l.Contains(wrong, StringComparison.Ordinal));
        Assert.Empty(graph.Requests);
    }

    [Fact]
    public async Task Connector_DirectoryAudits_PagesByActivityDateTimeAndReadsRoleGrants()
    {
        var time = new FakeTimeProvider(ConnectorService.Start);
        await using var graph = await FakeGraph.StartAsync(time);
        for (int i = 0; i < 12; i++)
        {
            graph.AddAudit(ConnectorService.Start.AddHours(-1).AddMinutes(i), FakeGraph.Audit($"audit-{i}", ConnectorService.Start.AddHours(-1).AddMinutes(i)));
        }

        string dir = TempDir.Create();
        string config = Config(graph, ConnectorService.SecretFile(dir, graph.ClientSecret), 5).Replace("\"type\":\"entra\"", "\"type\":\"entra-audit\"", StringComparison.Ordinal);
        await using var service = await ConnectorService.StartAsync(config, time, dir, new AllLogs());

        await ConnectorService.Until(() => ConnectorService.Health(service).Requests >= 3, time, TimeSpan.Zero, "the audits are read");

        Assert.Equal((12, 0), (ConnectorService.Health(service).Accepted, ConnectorService.Health(service).Rejected));
        Assert.Contains("activityDateTime%20ge%20", graph.Requests[0].Query, StringComparison.Ordinal);
        var store = await service.StoreAfterAuditFlushAsync();
        Assert.Equal("bob@contoso.com", store.SubjectOfEvent("audit-0")); // a role grant is about the grantee
    }
}
