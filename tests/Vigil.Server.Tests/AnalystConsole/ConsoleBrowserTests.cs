using System.Text.Json;
using Microsoft.Playwright;
using Vigil.Storage;

namespace Vigil.Server.Tests.AnalystConsole;

/// <summary>
/// The analyst console in Debian's chromium driven by Playwright: sign-in through the real OpenID provider, an
/// analyst's confirm-safe that changes the identity's risk and is recorded, a viewer refused, and axe-core finding no
/// serious accessibility violation.
/// </summary>
public sealed class ConsoleBrowserTests(ConsoleHost host) : IClassFixture<ConsoleHost>
{
    [ChromiumFact]
    public async Task SignIn_AnalystConfirmsSafe_RiskFallsAndTheActionIsRecorded()
    {
        await using var context = await host.Browser.NewContextAsync();
        var page = await host.SignInAsync(context, "analyst-ann");
        Assert.EndsWith("/console/identities", page.Url, StringComparison.Ordinal);
        Assert.Contains("analyst", await page.InnerTextAsync("header .role"), StringComparison.Ordinal);

        // The session cookie is the kind that resists theft and cross-site use.
        var cookie = Assert.Single(await context.CookiesAsync(), c => c.Name == "__Host-vigil-console");
        Assert.True(cookie.HttpOnly);
        Assert.True(cookie.Secure);
        Assert.Equal(SameSiteAttribute.Lax, cookie.SameSite);

        // alice (impossible travel from Lagos in the tour) is listed as risky; open her page.
        await page.ClickAsync("table a:text-is('alice')");
        await page.WaitForURLAsync("**/console/identity?id=alice");
        string before = await page.InnerTextAsync("dl.facts dd");
        Assert.NotEqual("0.00", before);
        Assert.Contains("read", await page.InnerTextAsync("table.decisions"), StringComparison.Ordinal); // her audited decisions

        // Each decision's reasons are grouped by the model family that raised them: her latest read (of the wiki) carries
        // the identity risk her travel raised (VG1901), a behavioural reason and a graph one (VG17xx).
        var latest = page.Locator("table.decisions tbody tr").First;
        Assert.Equal(["identity risk", "behaviour", "graph"], await latest.Locator(".family .family-name").AllInnerTextsAsync());
        Assert.Equal("VG1901", await latest.Locator(".family:has(.family-name:text-is('identity risk')) code").First.InnerTextAsync());
        Assert.StartsWith("VG17", await latest.Locator(".family:has(.family-name:text-is('graph')) code").First.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("identity risk", await page.InnerTextAsync(".family-shares"), StringComparison.Ordinal);

        // Her place in the access graph: her laptop, and the Lagos address of the risky sign-in marked tainted.
        Assert.Equal(1, await page.Locator("figure.graph svg").CountAsync());
        Assert.Equal(1, await page.Locator("table.graph-nodes tr:has(td:text-is('alice-laptop'))").CountAsync());
        Assert.Contains("tainted", await page.InnerTextAsync("table.graph-nodes tr:has(td:text-is('102.89.4.7'))"), StringComparison.Ordinal);

        await page.ClickAsync("button[value=confirm_safe]");
        string notice = await page.InnerTextAsync(".notice");
        Assert.Contains("confirm_safe recorded: identity risk " + before + " → 0.00", notice, StringComparison.Ordinal);
        Assert.Equal("0.00", await page.InnerTextAsync("dl.facts dd"));

        // Recorded with who did it, through the feedback path the API uses.
        var store = (VigilStore)host.Services.GetService(typeof(VigilStore))!;
        var recorded = store.ReadFeedback("alice", 10);
        Assert.Contains(recorded, f => f.Kind == "confirm_safe" && f.Actor == "console:analyst-ann");
        Assert.Contains("console:analyst-ann", await page.InnerTextAsync("#feedback + table"), StringComparison.Ordinal);

        // A POST without the session's anti-forgery token is refused, even from the signed-in browser.
        var forged = await context.APIRequest.PostAsync(host.BaseUrl + "/console/identity/feedback", new APIRequestContextOptions
        {
            Form = Form(context.APIRequest, ("id", "bob"), ("kind", "confirm_safe")),
        });
        Assert.Equal(403, forged.Status);
        Assert.Contains("csrf", await forged.TextAsync(), StringComparison.Ordinal);

        // Sign-out ends the session: the next page asks to sign in again.
        await page.ClickAsync("header button:text-is('Sign out')");
        await page.WaitForURLAsync("**/console/signed-out");
        var after = await context.APIRequest.GetAsync(host.BaseUrl + "/console/identities", new APIRequestContextOptions { MaxRedirects = 0 });
        Assert.Equal(302, after.Status);
    }

    [ChromiumFact]
    public async Task Viewer_MayLookButNotAct_AndAnAccountWithoutRoleIsRefused()
    {
        await using var context = await host.Browser.NewContextAsync();
        var page = await host.SignInAsync(context, "viewer-bo", "/console/identity?id=bob");
        Assert.Contains("viewer", await page.InnerTextAsync("header .role"), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("form.actions").CountAsync()); // no action offered

        // Acting anyway, with a valid anti-forgery token, is refused with the 403 page and changes nothing.
        string csrf = await page.GetAttributeAsync("header input[name=csrf]", "value") ?? "";
        var store = (VigilStore)host.Services.GetService(typeof(VigilStore))!;
        int feedbackBefore = store.ReadFeedback("bob", 50).Count;
        var refused = await context.APIRequest.PostAsync(host.BaseUrl + "/console/identity/feedback", new APIRequestContextOptions
        {
            Form = Form(context.APIRequest, ("csrf", csrf), ("id", "bob"), ("kind", "confirm_safe")),
        });
        Assert.Equal(403, refused.Status);
        Assert.Contains("Your role (viewer) may not do this", await refused.TextAsync(), StringComparison.Ordinal);
        Assert.Equal(feedbackBefore, store.ReadFeedback("bob", 50).Count);

        await using var nobody = await host.Browser.NewContextAsync();
        var none = await host.SignInAsync(nobody, "nobody-cy");
        Assert.Contains("has no console role", await none.InnerTextAsync("main"), StringComparison.Ordinal);
    }

    [ChromiumFact]
    public async Task RiskyIdentities_AnalystSelectsTwoAndDismisses_EachChangeShownAndRecorded()
    {
        // Two identities the other tests leave alone, made risky through the API (confirmed compromised pins their risk).
        using (var admin = await host.ApiClientAsync("admin"))
        {
            foreach (string who in new[] { "user10", "user11" })
            {
                var given = await admin.PostAsync("/v1/feedback", new StringContent($$"""{"kind":"confirm_compromised","identity":"{{who}}"}""", System.Text.Encoding.UTF8, "application/json"));
                given.EnsureSuccessStatusCode();
            }
        }

        await using var context = await host.Browser.NewContextAsync();
        var page = await host.SignInAsync(context, "analyst-flo");
        Assert.Equal(2, await page.Locator("tbody tr:has(a:text-is('user10')) .trend span[title], tbody tr:has(a:text-is('user11')) .trend span[title]").CountAsync() / 2);
        await page.CheckAsync("input[aria-label^='Select user10 ']");
        await page.CheckAsync("input[aria-label^='Select user11 ']");
        await page.SelectOptionAsync("select[name=action]", "dismiss");
        page.Dialog += (_, dialog) => dialog.AcceptAsync(); // console.js asks before a bulk action
        await page.ClickAsync("button:text-is('Apply')");
        string notice = await page.InnerTextAsync(".notice");
        Assert.Contains("dismiss on 2 identities", notice, StringComparison.Ordinal);
        Assert.Contains("user10 (default): dismiss recorded: identity risk 1.00", notice, StringComparison.Ordinal);
        Assert.Contains("user11 (default): dismiss recorded: identity risk 1.00", notice, StringComparison.Ordinal);
        var store = (VigilStore)host.Services.GetService(typeof(VigilStore))!;
        Assert.Contains(store.ReadFeedback("user10", 10), f => f.Kind == "dismiss" && f.Actor == "console:analyst-flo");
        Assert.Contains(store.ReadFeedback("user11", 10), f => f.Kind == "dismiss" && f.Actor == "console:analyst-flo");
    }

    [ChromiumFact]
    public async Task WhatIf_FinanceDraftInTheBrowser_RendersTheTransitionsOverRecentTraffic()
    {
        await using var context = await host.Browser.NewContextAsync();
        var page = await host.SignInAsync(context, "analyst-ed", "/console/policies");
        await page.FillAsync("#document", await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Data", "finance.yaml")));
        await page.ClickAsync("button:text-is('What-if over recent traffic')");
        await page.WaitForSelectorAsync("table.transitions");
        Assert.Contains("200 recent events replayed", await page.InnerTextAsync("#whatif + .notice"), StringComparison.Ordinal);
        Assert.Equal(1, await page.Locator("figure.chart svg").CountAsync());
        Assert.Contains("Per day, draft", await page.InnerTextAsync("#inforce ~ table"), StringComparison.Ordinal);
    }

    [ChromiumFact]
    public async Task Pages_HaveNoSeriousAccessibilityViolations_AndNoContentSecurityPolicyViolations()
    {
        await using var context = await host.Browser.NewContextAsync();
        var page = await host.SignInAsync(context, "admin-di");
        var cspViolations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                cspViolations.Add(message.Text);
            }
        };

        // axe is injected through a second context that ignores the page's CSP (the console's own pages never need that).
        await using var audit = await host.Browser.NewContextAsync(new BrowserNewContextOptions { BypassCSP = true, StorageState = await context.StorageStateAsync() });
        var checker = await audit.NewPageAsync();
        var problems = new List<string>();
        foreach (string path in new[] { "/console/identities", "/console/identity?id=alice", "/console/identities?level=bogus", "/console/decisions", "/console/alerts", "/console/policies", "/console/operations" })
        {
            await page.GotoAsync(host.BaseUrl + path);
            await checker.GotoAsync(host.BaseUrl + path);
            await checker.AddScriptTagAsync(new PageAddScriptTagOptions { Path = ChromiumFactAttribute.AxeScript });
            var found = await checker.EvaluateAsync<JsonElement>("""
                async () => (await axe.run(document, { resultTypes: ['violations'] })).violations
                    .filter(v => v.impact === 'serious' || v.impact === 'critical')
                    .map(v => v.id + ' (' + v.impact + '): ' + v.nodes.map(n => n.target.join(' ')).join(', '))
                """);
            problems.AddRange(found.EnumerateArray().Select(v => path + ": " + v.GetString()));
        }

        Assert.Empty(problems);
        Assert.Empty(cspViolations);
    }

    private static IFormData Form(IAPIRequestContext request, params (string Name, string Value)[] fields)
    {
        var form = request.CreateFormData();
        foreach (var (name, value) in fields)
        {
            form.Set(name, value);
        }

        return form;
    }
}
