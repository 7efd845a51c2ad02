using System.Net;
using System.Text.Json;

namespace Vigil.Server.Tests.AnalystConsole;

/// <summary>The console's alert queue (issues 13 and 17): viewers see it, analysts act on one or many alerts through the API's path.</summary>
public sealed class AlertPageTests
{
    private static string Observed(string eventId) =>
        $$$"""{"subject":{"type":"user","id":"alice"},"action":{"name":"read"},"resource":{"type":"doc","id":"1"},"context":{"ip":"81.2.69.10","session_id":"s-1","event_id":"{{{eventId}}}","time":"2026-03-02T08:00:00Z"}}""";

    [Fact]
    public async Task Alerts_ViewerSeesThem_AnalystDismissesOne_AndWhatChangedIsShown()
    {
        await using var service = await TestService.StartAsync();
        // A known identity, confirmed compromised: its next access is alerted.
        Assert.Equal(HttpStatusCode.OK, (await service.PostJsonAsync("/access/v1/evaluation", Observed("ev-1"))).Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await service.PostJsonAsync("/v1/feedback", """{"kind":"confirm_compromised","identity":"alice"}""")).Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await service.PostJsonAsync("/access/v1/evaluation", Observed("ev-2"))).Response.StatusCode);
        var listed = JsonDocument.Parse(await service.Client.GetStringAsync("/v1/alerts?identity=alice")).RootElement.GetProperty("alerts");
        long id = listed.EnumerateArray().First().GetProperty("id").GetInt64();

        using var viewer = service.ClientWithKey(await service.CreateKeyAsync("dashboard", "read"));
        using var analyst = service.ClientWithKey(await service.CreateKeyAsync("soc-bot", "read", "analyst"));
        string seen = await viewer.GetStringAsync("/console/alerts");
        Assert.Contains("alice", seen, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"ids\"", seen, StringComparison.Ordinal); // a viewer gets no action form
        Assert.Contains("name=\"ids\"", await analyst.GetStringAsync("/console/alerts"), StringComparison.Ordinal);

        var form = new FormUrlEncodedContent([new("action", "dismiss"), new("ids", id.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync("/console/alerts/act", form)).StatusCode);

        var done = await analyst.PostAsync("/console/alerts/act", new FormUrlEncodedContent([new("action", "dismiss"), new("ids", id.ToString(System.Globalization.CultureInfo.InvariantCulture))]));
        string html = await done.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Contains($"alert {id} (alice): dismissed; identity risk", html, StringComparison.Ordinal);
        var after = JsonDocument.Parse(await service.Client.GetStringAsync($"/v1/alerts/{id}")).RootElement;
        Assert.Equal("dismissed", after.GetProperty("status").GetString());

        // An unknown id refuses the whole request; so does a missing action.
        var unknown = await analyst.PostAsync("/console/alerts/act", new FormUrlEncodedContent([new("action", "confirm_safe"), new("ids", "999999")]));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("nothing was done", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await analyst.PostAsync("/console/alerts/act", new FormUrlEncodedContent([new("ids", "1")]))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await analyst.GetAsync("/console/alerts?status=<script>")).StatusCode);
    }
}
