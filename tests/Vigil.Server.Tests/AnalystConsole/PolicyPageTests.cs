using System.Net;
using System.Text;
using Vigil.Core.Policies;
using Vigil.Server.AnalystConsole;

namespace Vigil.Server.Tests.AnalystConsole;

/// <summary>The console's policy pages over HTTP with keys: validation in place, what-if over the journal, the per-segment switch and diffs.</summary>
public sealed class PolicyPageTests
{
    private static string Finance => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "finance.yaml"));

    private static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) => new(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));

    [Fact]
    public async Task Validate_DraftWithAnError_ShowsItBesideItsLine()
    {
        await using var service = await TestService.StartAsync();
        using var viewer = service.ClientWithKey(await service.CreateKeyAsync("dashboard", "read"));
        string draft = Finance.Replace("sensitivity: high", "sensitivity: extreme", StringComparison.Ordinal);
        var response = await viewer.PostAsync("/console/policies/validate", Form(("document", draft)));
        string html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        int line = Array.FindIndex(draft.Split('\n'), l => l.Contains("extreme", StringComparison.Ordinal)) + 1;
        Assert.Contains($"<li class=\"bad\"><code>    sensitivity: extreme</code><div class=\"error\" role=\"note\">policy:{line}:", html, StringComparison.Ordinal);
        Assert.DoesNotContain("formaction=\"/console/policies/what-if\"", await viewer.GetStringAsync("/console/policies"), StringComparison.Ordinal); // viewers may not replay

        var valid = await viewer.PostAsync("/console/policies/validate", Form(("document", Finance)));
        Assert.Equal(HttpStatusCode.OK, valid.StatusCode);
        Assert.Contains("The draft is valid", await valid.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await viewer.PostAsync("/console/policies/validate", Form(("document", "")))).StatusCode);
    }

    [Fact]
    public async Task WhatIf_FinanceDraftOverTheTour_ShowsTransitionsAndChallengesPerDay_ViewersMayNotRunIt()
    {
        await using var service = await TestService.StartAsync(o => o.Time = new ShiftedTime(ConsoleHost.Now));
        string tour = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Data", "tour.ndjson"));
        Assert.Equal(HttpStatusCode.Accepted, (await service.Client.PostAsync("/v1/events", new StringContent(tour, Encoding.UTF8, "application/x-ndjson"))).StatusCode);
        using var viewer = service.ClientWithKey(await service.CreateKeyAsync("dashboard", "read"));
        using var analyst = service.ClientWithKey(await service.CreateKeyAsync("soc", "read", "analyst"));

        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync("/console/policies/what-if", Form(("document", Finance)))).StatusCode);
        var response = await analyst.PostAsync("/console/policies/what-if", Form(("document", Finance)));
        string html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("200 recent events replayed", html, StringComparison.Ordinal);
        Assert.Contains("<table class=\"transitions\">", html, StringComparison.Ordinal);
        Assert.Contains("Would-be challenges per day, in force", html, StringComparison.Ordinal);
        Assert.Contains("<svg role=\"img\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SegmentMode_AdminSwitchesSignInToEnforce_StoresAVersionWithOnlyThatChange()
    {
        await using var service = await TestService.StartAsync();
        using var analyst = service.ClientWithKey(await service.CreateKeyAsync("soc", "read", "analyst"));
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PostAsync("/console/policies/segment-mode", Form(("segment", "sign-in"), ("mode", "enforce")))).StatusCode);

        var response = await service.Client.PostAsync("/console/policies/segment-mode", Form(("segment", "sign-in"), ("mode", "enforce")));
        string html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Segment sign-in is now in enforce mode (policy version 1)", html, StringComparison.Ordinal);
        var store = await service.StoreAfterAuditFlushAsync();
        var stored = store.GetPolicy()!;
        Assert.Equal("console:" + "admin", stored.Author);
        var compiled = PolicyCompiler.CompileText(stored.Document, "policy", out _)!;
        Assert.Equal(Vigil.Core.Decisions.RolloutMode.Enforce, compiled.Document.Segments.Single(s => s.Name == "sign-in").Mode);
        Assert.All(compiled.Document.Segments.Where(s => s.Name != "sign-in"), s => Assert.Null(s.Mode));
        Assert.StartsWith("# Vigil's default policy", stored.Document, StringComparison.Ordinal); // comments kept

        Assert.Equal(HttpStatusCode.OK, (await service.Client.PostAsync("/console/policies/segment-mode", Form(("segment", "sign-in"), ("mode", "monitor")))).StatusCode);
        string diff = await service.Client.GetStringAsync("/console/policies?diff=2");
        Assert.Contains("<span class=\"del\">-     mode: enforce</span>", diff, StringComparison.Ordinal);
        Assert.Contains("<span class=\"add\">+     mode: monitor</span>", diff, StringComparison.Ordinal);

        var unknown = await service.Client.PostAsync("/console/policies/segment-mode", Form(("segment", "nope"), ("mode", "enforce")));
        Assert.Equal(HttpStatusCode.Conflict, unknown.StatusCode);
        Assert.Contains("no segment named", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await service.Client.PostAsync("/console/policies/segment-mode", Form(("segment", "sign-in"), ("mode", "on")))).StatusCode);
    }

    [Fact]
    public void Apply_SegmentWithItsOwnModeLine_ReplacesItAndKeepsTheRest()
    {
        const string document = "version: t-1\nmode: monitor\nsegments:\n  - name: a\n    mode: monitor # trial\n    match: {}\n    rules:\n      - name: r\n        actions: [\"*\"]\n";
        string? changed = SegmentModeEdit.Apply(document, "a", "enforce", out string? problem);
        Assert.Null(problem);
        Assert.Equal(document.Replace("    mode: monitor # trial", "    mode: enforce", StringComparison.Ordinal), changed);
    }
}
