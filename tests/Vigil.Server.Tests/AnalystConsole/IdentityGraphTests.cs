using System.Net;
using System.Text;
using Vigil.Server.Hosting;

namespace Vigil.Server.Tests.AnalystConsole;

/// <summary>The identity page's place in the access graph: kinds, links, taint, bounded, encoded.</summary>
public sealed class IdentityGraphTests
{
    [Fact]
    public async Task Identity_AfterTheTour_ShowsItsDeviceAddressesAndTheTaintedLagosAddress()
    {
        await using var service = await TestService.StartAsync(o => o.Time = new ShiftedTime(ConsoleHost.Now));
        string tour = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Data", "tour.ndjson"));
        Assert.Equal(HttpStatusCode.Accepted, (await service.Client.PostAsync("/v1/events", new StringContent(tour, Encoding.UTF8, "application/x-ndjson"))).StatusCode);
        await ((EngineHost)service.Services.GetService(typeof(EngineHost))!).WhenCaughtUpAsync();
        using var viewer = service.ClientWithKey(await service.CreateKeyAsync("dashboard", "read"));

        string html = await viewer.GetStringAsync("/console/identity?id=alice");
        int start = html.IndexOf("<h2 id=\"graph\">", StringComparison.Ordinal);
        Assert.True(start > 0, html);
        string section = html[start..html.IndexOf("</section>", start, StringComparison.Ordinal)];
        Assert.Contains("<svg role=\"img\" viewBox=\"0 0 640 380\"", section, StringComparison.Ordinal);
        Assert.Contains("<td>device</td><td>alice-laptop</td><td>used device</td>", section, StringComparison.Ordinal);
        Assert.Contains("<td>address</td><td>81.2.69.10</td><td>came from</td>", section, StringComparison.Ordinal);
        Assert.Contains("<td>group</td><td>finance</td><td>member of</td>", section, StringComparison.Ordinal);
        // The impossible-travel sign-in from Lagos was risky: its address carries the taint, and so does alice.
        int lagos = section.IndexOf("<td>102.89.4.7</td>", StringComparison.Ordinal);
        Assert.True(lagos > 0, section);
        Assert.Contains("tainted 0.", section[lagos..section.IndexOf("</tr>", lagos, StringComparison.Ordinal)], StringComparison.Ordinal);
        Assert.Contains("class=\"node origin tainted\"", section, StringComparison.Ordinal);
        Assert.DoesNotContain("style=", section, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Identity_WithoutAccessAttempts_SaysTheGraphHoldsNothing()
    {
        await using var service = await TestService.StartAsync();
        Assert.Equal(HttpStatusCode.OK, (await service.PostJsonAsync("/v1/feedback", """{"kind":"confirm_compromised","identity":"zed"}""")).Response.StatusCode);
        string html = await service.Client.GetStringAsync("/console/identity?id=zed");
        Assert.Contains("The access graph holds nothing around this identity", html, StringComparison.Ordinal);
    }
}
