using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Vigil.Core.Decisions;
using Vigil.Core.Enrichment;
using Vigil.Core.Policies;
using Vigil.Server.Hosting;
using Vigil.Server.Security;
using Vigil.Storage;

namespace Vigil.Server.AnalystConsole;

/// <summary>
/// Policies: the version in force with each segment's mode, the version history with diffs, a draft checked in place
/// (every error beside its line), a what-if replay of recent traffic (<see cref="WhatIfReplay"/>), and the
/// per-segment monitor / enforce switch, which stores a new version like <c>PUT /v1/policy</c> does.
/// </summary>
internal static partial class PolicyPages
{
    private const int MaxDocumentChars = 1 << 20;

    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/policies", Show).WithMetadata(new ConsoleAccess(Scopes.Read));
        group.MapPost("/policies/validate", Validate).WithMetadata(new ConsoleAccess(Scopes.Read));
        // One replay at a time per service: each takes up to a core for up to WhatIfReplay.MaxDuration, beside the decisions.
        var whatIfGate = new SemaphoreSlim(1, 1);
        group.MapPost("/policies/what-if", (HttpContext context, VigilStore store, PolicyHolder holder, EngineHost engine, IEventEnricher enricher) =>
            WhatIf(context, store, holder, engine, enricher, whatIfGate)).WithMetadata(new ConsoleAccess(Scopes.Analyst));
        group.MapPost("/policies/segment-mode", SegmentMode).WithMetadata(new ConsoleAccess(Scopes.Admin));
    }

    private static IResult Show(HttpContext context, string? diff, VigilStore store, PolicyHolder holder)
    {
        var caller = ConsoleGate.Caller(context);
        long? diffVersion = null;
        if (!string.IsNullOrEmpty(diff))
        {
            if (!long.TryParse(diff, NumberStyles.None, CultureInfo.InvariantCulture, out long v) || v < 2)
            {
                return ConsolePage.Message(context, caller, StatusCodes.Status400BadRequest, "Policies", "diff: a version number from 2 up (it is compared with the version before it).");
            }

            diffVersion = v;
        }

        var body = new Html();
        if (diffVersion is { } version)
        {
            var after = store.GetPolicy(version);
            var before = store.GetPolicy(version - 1);
            if (after is null || before is null)
            {
                return ConsolePage.Message(context, caller, StatusCodes.Status404NotFound, "Policies", $"diff: version {version} or the one before it is not stored.");
            }

            Diff(body, before, after);
        }

        return Page(context, caller, body, store, holder, Current(store), null);
    }

    private static async Task<IResult> Validate(HttpContext context, VigilStore store, PolicyHolder holder)
    {
        var caller = ConsoleGate.Caller(context);
        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        string document = form["document"].ToString();
        if (document.Length is 0 or > MaxDocumentChars)
        {
            return ConsolePage.Message(context, caller, StatusCodes.Status400BadRequest, "Policies", "document: give the policy document (at most 1 MiB).");
        }

        holder.Prepare(document, holder.AcceptsData ? store.GetPolicy()?.Data : null, out var errors);
        var body = new Html();
        body.Raw("<section aria-labelledby=\"check\"><h2 id=\"check\">Check</h2>");
        if (errors.Count == 0)
        {
            body.Raw("<p class=\"notice\" role=\"status\">The draft is valid with the data in force.</p>");
        }
        else
        {
            body.Raw("<p class=\"message error\" role=\"alert\">").Number(errors.Count, "0").Raw(errors.Count == 1 ? " problem" : " problems").Raw(", each shown beside its line:</p>");
            InPlace(body, document, errors);
        }

        body.Raw("</section>");
        return Page(context, caller, body, store, holder, document, null, errors.Count == 0 ? StatusCodes.Status200OK : StatusCodes.Status422UnprocessableEntity);
    }

    private static async Task<IResult> WhatIf(HttpContext context, VigilStore store, PolicyHolder holder, EngineHost engine, IEventEnricher enricher, SemaphoreSlim whatIfGate)
    {
        var caller = ConsoleGate.Caller(context);
        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        string document = form["document"].ToString();
        if (document.Length is 0 or > MaxDocumentChars)
        {
            return ConsolePage.Message(context, caller, StatusCodes.Status400BadRequest, "Policies", "document: give the draft policy document (at most 1 MiB).");
        }

        var draft = holder.Prepare(document, holder.AcceptsData ? store.GetPolicy()?.Data : null, out var errors);
        var body = new Html();
        body.Raw("<section aria-labelledby=\"whatif\"><h2 id=\"whatif\">What-if over recent traffic</h2>");
        if (draft is null)
        {
            body.Raw("<p class=\"message error\" role=\"alert\">The draft is invalid, so it was not replayed:</p>");
            InPlace(body, document, errors);
            body.Raw("</section>");
            return Page(context, caller, body, store, holder, document, null, StatusCodes.Status422UnprocessableEntity);
        }

        if (!await whatIfGate.WaitAsync(0, context.RequestAborted).ConfigureAwait(false))
        {
            context.Response.Headers.RetryAfter = "10";
            return ConsolePage.Message(context, caller, StatusCodes.Status429TooManyRequests, "Policies", "Another what-if is running; try again in a few seconds.");
        }

        var baseline = holder.Policy;
        WhatIfReplay.Result result;
        try
        {
            result = await Task.Run(() => WhatIfReplay.Run(store, engine.Engine.Options, enricher, draft, baseline, context.RequestAborted), context.RequestAborted).ConfigureAwait(false);
        }
        finally
        {
            whatIfGate.Release();
        }

        ConsoleLog.Acted(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PolicyPages)), "what-if", caller.RoleName);
        WhatIfResult(body, result);
        body.Raw("</section>");
        return Page(context, caller, body, store, holder, document, result);
    }

    private static async Task<IResult> SegmentMode(HttpContext context, VigilStore store, PolicyHolder holder)
    {
        var caller = ConsoleGate.Caller(context);
        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        string segment = form["segment"].ToString(), modeText = form["mode"].ToString();
        IResult Refuse(int status, string message) => ConsolePage.Message(context, caller, status, "Policies", message);
        if (modeText is not ("monitor" or "enforce"))
        {
            return Refuse(StatusCodes.Status400BadRequest, "mode: must be monitor or enforce.");
        }

        if (segment.Length is 0 or > 256)
        {
            return Refuse(StatusCodes.Status400BadRequest, "segment: name a segment of the policy in force.");
        }

        using (holder.EnterChange())
        {
            var stored = store.GetPolicy();
            string document = stored?.Document ?? DefaultDocument();
            string? changed = SegmentModeEdit.Apply(document, segment, modeText, out string? problem);
            if (changed is null)
            {
                return Refuse(StatusCodes.Status409Conflict, "segment: " + problem);
            }

            var policy = holder.Prepare(changed, stored?.Data, out var errors);
            if (policy is null || PolicyHolder.CompiledOf(policy)?.Document.Segments.FirstOrDefault(s => s.Name == segment)?.Mode?.ToString().ToLowerInvariant() != modeText)
            {
                return Refuse(StatusCodes.Status409Conflict, "segment: the switch could not be applied to this document (" + string.Join("; ", errors) + "); change the mode by hand with PUT /v1/policy.");
            }

            var saved = store.SavePolicyVersion(changed, stored?.Data, caller.Actor, $"console: segment {segment} -> {modeText}");
            holder.Activate(saved, policy);
            ConsoleLog.Acted(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PolicyPages)), "segment-mode " + modeText, caller.RoleName);
            var body = new Html().Raw("<p class=\"notice\" role=\"status\">").Text($"Segment {segment} is now in {modeText} mode (policy version {saved.Version}).").Raw("</p>");
            return Page(context, caller, body, store, holder, changed, null);
        }
    }

    private static IResult Page(HttpContext context, ConsoleCaller caller, Html result, VigilStore store, PolicyHolder holder, string draft, WhatIfReplay.Result? whatIf, int status = StatusCodes.Status200OK)
    {
        var body = new Html();
        body.Raw(result.ToString());
        InForce(body, caller, store, holder, whatIf);
        body.Raw("<section aria-labelledby=\"draft\"><h2 id=\"draft\">Draft</h2><form method=\"post\" action=\"/console/policies/validate\">");
        ConsolePage.Csrf(body, caller.Session);
        body.Raw("<label for=\"document\">Policy document (YAML)</label><br><textarea id=\"document\" name=\"document\" rows=\"24\" cols=\"100\" spellcheck=\"false\">").Text(draft).Raw("</textarea><div class=\"actions\">")
            .Raw("<button type=\"submit\">Validate</button>");
        if (caller.May(Scopes.Analyst))
        {
            body.Raw("<button type=\"submit\" formaction=\"/console/policies/what-if\">What-if over recent traffic</button>");
        }

        body.Raw("</div></form></section>");
        Versions(body, store, holder);
        return ConsolePage.Render(context, caller, "Policies", body, status);
    }

    private static void InForce(Html body, ConsoleCaller caller, VigilStore store, PolicyHolder holder, WhatIfReplay.Result? whatIf)
    {
        var compiled = PolicyHolder.CompiledOf(holder.Policy);
        string name = compiled?.Version ?? "custom";
        body.Raw("<section aria-labelledby=\"inforce\"><h2 id=\"inforce\">In force</h2><p>").Text(holder.Version > 0 ? $"Version {holder.Version} ({name})" : $"The shipped default ({name})").Raw("</p>");
        if (compiled is null)
        {
            body.Raw("<p>This service decides with a custom policy; its segments are not shown.</p></section>");
            return;
        }

        body.Raw("<table><thead><tr><th scope=\"col\">Segment</th><th scope=\"col\">Mode</th>");
        if (whatIf is not null)
        {
            body.Raw("<th scope=\"col\">Would-be challenges per day, in force</th><th scope=\"col\">Per day, draft</th>");
        }

        body.Raw(caller.May(Scopes.Admin) ? "<th scope=\"col\">Switch</th>" : "").Raw("</tr></thead><tbody>");
        foreach (var segment in compiled.Document.Segments)
        {
            var mode = segment.Mode ?? compiled.Document.DefaultMode;
            string modeText = mode == RolloutMode.Enforce ? "enforce" : "monitor";
            body.Raw("<tr><td>").Text(segment.Name).Raw("</td><td>").Text(modeText).Raw("</td>");
            if (whatIf is not null)
            {
                body.Raw("<td>").Number(Challenges(whatIf.Comparison.BySegment(false), segment.Name) / whatIf.Days, "0.##").Raw("</td><td>")
                    .Number(Challenges(whatIf.Comparison.BySegment(true), segment.Name) / whatIf.Days, "0.##").Raw("</td>");
            }

            if (caller.May(Scopes.Admin))
            {
                string other = mode == RolloutMode.Enforce ? "monitor" : "enforce";
                body.Raw("<td><form method=\"post\" action=\"/console/policies/segment-mode\">");
                ConsolePage.Csrf(body, caller.Session);
                body.Raw("<input type=\"hidden\" name=\"segment\"").Attr("value", segment.Name).Raw("><input type=\"hidden\" name=\"mode\"").Attr("value", other).Raw(">")
                    .Raw("<button type=\"submit\"").Attr("data-confirm", $"Put segment {segment.Name} in {other} mode? This stores a new policy version.").Raw(">")
                    .Text("Switch to " + other).Raw("</button></form></td>");
            }

            body.Raw("</tr>");
        }

        body.Raw("</tbody></table><p class=\"hint\">Monitor records what would happen and permits; enforce acts. Run a what-if to see each segment's would-be challenges (step-up, limit or deny) per day over recent traffic before switching.</p></section>");
    }

    private static double Challenges(IReadOnlyDictionary<string, long[]> bySegment, string segment) =>
        bySegment.TryGetValue(segment, out var counts) ? counts[(int)DecisionOutcome.StepUp] + counts[(int)DecisionOutcome.Limit] + counts[(int)DecisionOutcome.Deny] : 0;

    private static void WhatIfResult(Html body, WhatIfReplay.Result r)
    {
        var c = r.Comparison;
        var inv = CultureInfo.InvariantCulture;
        body.Raw("<p class=\"notice\" role=\"status\">").Text(string.Create(inv,
            $"{r.Events:N0} recent events replayed ({Html.FormatTime(r.FirstMs)} to {Html.FormatTime(r.LastMs)}), {c.Decisions:N0} decisions, {c.Changed:N0} change{(r.Rejected > 0 ? $", {r.Rejected:N0} lines rejected" : "")}{(r.CutShort ? "; cut short after " + WhatIfReplay.MaxDuration.TotalSeconds + " s" : "")}."))
            .Raw("</p>");
        var outcomes = new[] { DecisionOutcome.Permit, DecisionOutcome.StepUp, DecisionOutcome.Limit, DecisionOutcome.Deny };
        body.Raw("<table class=\"transitions\"><caption>Transitions: in force (rows) to draft (columns)</caption><thead><tr><th scope=\"col\">In force \\ draft</th>");
        foreach (var o in outcomes)
        {
            body.Raw("<th scope=\"col\">").Text(WhatIfReplay.OutcomeText(o)).Raw("</th>");
        }

        body.Raw("</tr></thead><tbody>");
        foreach (var from in outcomes)
        {
            body.Raw("<tr><th scope=\"row\">").Text(WhatIfReplay.OutcomeText(from)).Raw("</th>");
            foreach (var to in outcomes)
            {
                body.Raw("<td>").Number(c.Transition(from, to), "N0").Raw("</td>");
            }

            body.Raw("</tr>");
        }

        body.Raw("</tbody></table>");
        var bars = outcomes.Select(o => (WhatIfReplay.OutcomeText(o), (double)outcomes.Sum(f => c.Transition(f, o)))).ToList();
        Svg.Bars(body, "Draft outcomes over the replayed traffic", bars);
        if (c.Examples.Count > 0)
        {
            body.Raw("<h3>Examples</h3><table><thead><tr><th scope=\"col\">Event</th><th scope=\"col\">Subject</th><th scope=\"col\">Resource</th><th scope=\"col\">Risk</th><th scope=\"col\">In force</th><th scope=\"col\">Draft</th><th scope=\"col\">Segment / rule</th></tr></thead><tbody>");
            foreach (var e in c.Examples)
            {
                body.Raw("<tr><td>").Text(e.EventId ?? "—").Raw("</td><td>").Text(e.Subject).Raw("</td><td>").Text(e.Resource ?? "—").Raw("</td><td>").Number(e.Risk, "0")
                    .Raw("</td><td>").Text(WhatIfReplay.OutcomeText(e.Baseline)).Raw("</td><td>").Text(WhatIfReplay.OutcomeText(e.Draft)).Raw("</td><td>")
                    .Text((e.Segment ?? "—") + " / " + (e.Rule ?? "—")).Raw("</td></tr>");
            }

            body.Raw("</tbody></table>");
        }
    }

    private static void Versions(Html body, VigilStore store, PolicyHolder holder)
    {
        var history = store.PolicyHistory(50);
        body.Raw("<section aria-labelledby=\"versions\"><h2 id=\"versions\">Versions</h2>");
        if (history.Count == 0)
        {
            body.Raw("<p>No version stored: the shipped default is in force.</p></section>");
            return;
        }

        body.Raw("<table><thead><tr><th scope=\"col\">Version</th><th scope=\"col\">Stored</th><th scope=\"col\">By</th><th scope=\"col\">Comment</th><th scope=\"col\">Changes</th></tr></thead><tbody>");
        foreach (var v in history)
        {
            body.Raw("<tr><td>").Number(v.Version, "0").Raw(v.Version == holder.Version ? " <span class=\"tag\">in force</span>" : "").Raw("</td><td>").Time(v.CreatedMs)
                .Raw("</td><td>").Text(v.Author).Raw("</td><td>").Text(v.Comment ?? "").Raw("</td><td>");
            if (v.Version > 1)
            {
                body.Raw("<a").Attr("href", "/console/policies?diff=" + v.Version.ToString(CultureInfo.InvariantCulture) + "#diff").Raw(">diff with ").Number(v.Version - 1, "0").Raw("</a>");
            }

            body.Raw("</td></tr>");
        }

        body.Raw("</tbody></table></section>");
    }

    private static void Diff(Html body, PolicyVersion before, PolicyVersion after)
    {
        body.Raw("<section aria-labelledby=\"diff\"><h2 id=\"diff\">").Text($"Version {before.Version} → {after.Version}").Raw("</h2>");
        var lines = LineDiff.Compute(before.Document, after.Document);
        if (lines is null)
        {
            body.Raw("<p>").Text($"The documents are longer than {LineDiff.MaxLines:N0} lines; compare them with GET /v1/policy/versions/{{v}}.").Raw("</p></section>");
            return;
        }

        body.Raw("<pre class=\"diff\">");
        foreach (var (mark, line) in lines)
        {
            body.Raw(mark switch { '+' => "<span class=\"add\">+ ", '-' => "<span class=\"del\">- ", _ => "<span>  " }).Text(line).Raw("</span>\n");
        }

        body.Raw("</pre>");
        if (before.Data != after.Data)
        {
            body.Raw("<p>The policy data changed too.</p>");
        }

        body.Raw("</section>");
    }

    /// <summary>The document with every problem beside the line it names (<c>policy:8:20: ...</c>); problems without a line are listed first.</summary>
    private static void InPlace(Html body, string document, IReadOnlyList<string> errors)
    {
        var byLine = new Dictionary<int, List<string>>();
        var general = new List<string>();
        foreach (string error in errors)
        {
            var match = ErrorPosition().Match(error);
            if (match.Success && int.TryParse(match.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int line) && match.Groups[1].Value == PolicyHolder.PolicyFile)
            {
                (byLine.TryGetValue(line, out var list) ? list : byLine[line] = []).Add(error);
            }
            else
            {
                general.Add(error);
            }
        }

        if (general.Count > 0)
        {
            body.Raw("<ul class=\"errors\">");
            foreach (string e in general)
            {
                body.Raw("<li class=\"error\">").Text(e).Raw("</li>");
            }

            body.Raw("</ul>");
        }

        string[] lines = document.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        body.Raw("<ol class=\"source\">");
        for (int i = 0; i < lines.Length; i++)
        {
            bool bad = byLine.TryGetValue(i + 1, out var here);
            body.Raw(bad ? "<li class=\"bad\"><code>" : "<li><code>").Text(lines[i]).Raw("</code>");
            if (bad)
            {
                foreach (string e in here!)
                {
                    body.Raw("<div class=\"error\" role=\"note\">").Text(e).Raw("</div>");
                }
            }

            body.Raw("</li>");
        }

        body.Raw("</ol>");
    }

    private static string Current(VigilStore store) => store.GetPolicy()?.Document ?? DefaultDocument();

    private static string DefaultDocument()
    {
        using var stream = typeof(PolicyCompiler).Assembly.GetManifestResourceStream("Vigil.Core.Policies.default-policy.yaml")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"^(\w+):(\d+):(\d+): ")]
    private static partial Regex ErrorPosition();
}
