using Microsoft.Extensions.Time.Testing;
using Vigil.Server.Connectors;

namespace Vigil.Server.Tests.Connectors;

/// <summary><see cref="OktaLogSource"/> on its own, against <see cref="FakeOkta"/>.</summary>
public sealed class OktaLogSourceTests
{
    private static ConnectorSettings Settings(string url, string token) => new()
    {
        Name = "okta",
        Type = ConnectorType.Okta,
        Url = new Uri(url),
        Secret = new SecretValue(token, "test"),
        Since = ConnectorService.Start.AddDays(-1),
        PageSize = 2,
    };

    [Fact]
    public async Task FetchAsync_NextLinkToAnotherHost_RefusesWithoutSendingTheToken()
    {
        var time = new FakeTimeProvider(ConnectorService.Start);
        await using var okta = await FakeOkta.StartAsync(time);
        using var source = new OktaLogSource(Settings(okta.Url, okta.Token), time);

        var error = await Assert.ThrowsAsync<ConnectorException>(() => source.FetchAsync("https://attacker.example/api/v1/logs?after=x", CancellationToken.None));

        Assert.Contains("not followed", error.Message, StringComparison.Ordinal);
        Assert.Empty(okta.Requests);
    }

    [Fact]
    public async Task FetchAsync_EmptyPage_IsCaughtUpAndKeepsTheNextLink()
    {
        var time = new FakeTimeProvider(ConnectorService.Start);
        await using var okta = await FakeOkta.StartAsync(time);
        okta.Add(FakeOkta.Event("a", ConnectorService.Start.AddHours(-1)), FakeOkta.Event("b", ConnectorService.Start.AddHours(-1)));
        using var source = new OktaLogSource(Settings(okta.Url, okta.Token), time);

        var first = await source.FetchAsync(null, CancellationToken.None);
        var empty = await source.FetchAsync(first.Cursor, CancellationToken.None);
        okta.Add(FakeOkta.Event("c", ConnectorService.Start));
        var later = await source.FetchAsync(empty.Cursor, CancellationToken.None);

        Assert.Equal((2, false), (first.Count, first.CaughtUp));
        Assert.Equal((0, true), (empty.Count, empty.CaughtUp));
        Assert.Equal(first.Cursor, empty.Cursor);
        Assert.Equal(1, later.Count);
        Assert.Contains("limit=2", okta.Requests[0].Query, StringComparison.Ordinal);
    }
}
