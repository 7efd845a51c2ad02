using System.Globalization;
using Vigil.Server.Connectors;
using Vigil.Server.Hosting;
using Vigil.Server.Security;
using Vigil.Server.SharedSignals;
using Vigil.Storage;

namespace Vigil.Server.AnalystConsole;

/// <summary>
/// Operations: ingestion rate (from the journal's newest entries, by the time the service accepted them), the
/// writer's backlog, the pull connectors' health and the Shared Signals streams' delivery state.
/// </summary>
internal static class OperationsPage
{
    /// <summary>Journal entries read for the rate: the newest ones, so the page costs the same at any journal size.</summary>
    public const int RateWindowEntries = 5_000;

    private const int Minutes = 60;

    public static void Map(RouteGroupBuilder group) => group.MapGet("/operations", Show).WithMetadata(new ConsoleAccess(Scopes.Read));

    private static IResult Show(HttpContext context, EngineHost engine, VigilStore store, IReadOnlyList<ConnectorHealth> connectors, SsfDatabase ssf, ServerOptions options)
    {
        var caller = ConsoleGate.Caller(context);
        var inv = CultureInfo.InvariantCulture;
        var now = options.Time.GetUtcNow();
        long nowMs = now.ToUnixTimeMilliseconds();
        long head = store.JournalHead();
        var body = new Html();

        // Accepted per minute over the last hour, from the newest journal entries (a busier hour than the window holds shows its newest part).
        var entries = store.ReadJournal(Math.Max(0, head - RateWindowEntries), RateWindowEntries);
        var perMinute = new double[Minutes];
        long inWindow = 0;
        foreach (var entry in entries)
        {
            long age = (nowMs - entry.ReceivedMs) / 60_000;
            if (entry.Kind == JournalKind.Event && age is >= 0 and < Minutes)
            {
                perMinute[Minutes - 1 - age]++;
                inWindow++;
            }
        }

        body.Raw("<section aria-labelledby=\"ingestion\"><h2 id=\"ingestion\">Ingestion</h2><dl class=\"facts\">");
        Fact(body, "Events accepted, last hour", inWindow.ToString("N0", inv) + (entries.Count == RateWindowEntries && inWindow == RateWindowEntries ? "+ (newest " + RateWindowEntries.ToString("N0", inv) + " entries read)" : ""));
        Fact(body, "Per minute, last hour", (inWindow / (double)Minutes).ToString("0.#", inv));
        Fact(body, "Journal head", head.ToString("N0", inv));
        Fact(body, "Learned by the engine", engine.AppliedSequence.ToString("N0", inv));
        Fact(body, "Backlog (journaled, not yet learned)", engine.Pending.ToString("N0", inv) + " of at most " + options.MaxQueueDepth.ToString("N0", inv));
        Fact(body, "Writer", engine.Ready ? "ready" : "not ready");
        Fact(body, "Identities in memory", engine.Engine.IdentityCount.ToString("N0", inv));
        Fact(body, "Tenants", engine.Engine.TenantCount.ToString("N0", inv));
        body.Raw("</dl>");
        Svg.Bars(body, "Events accepted per 10 minutes, last hour (oldest first)", Enumerable.Range(0, 6)
            .Select(i => ((-60 + (i * 10)).ToString(inv) + " min", perMinute.Skip(i * 10).Take(10).Sum())).ToList());
        body.Raw("</section>");

        body.Raw("<section aria-labelledby=\"connectors\"><h2 id=\"connectors\">Connectors</h2>");
        if (connectors.Count == 0)
        {
            body.Raw("<p>No pull connector is configured (--connectors, docs/connectors.md).</p>");
        }
        else
        {
            body.Raw("<table><thead><tr><th scope=\"col\">Name</th><th scope=\"col\">Last success</th><th scope=\"col\">Lag</th><th scope=\"col\">Accepted</th><th scope=\"col\">Rejected</th><th scope=\"col\">Failures</th><th scope=\"col\">Last error</th></tr></thead><tbody>");
            foreach (var connector in connectors)
            {
                var s = connector.Read(now);
                body.Raw("<tr><td>").Text(s.Name).Raw("</td><td>").Text(s.LastSuccess is { } ok ? Html.FormatTime(ok.ToUnixTimeMilliseconds()) : "never").Raw("</td><td>")
                    .Text(s.LagSeconds is { } lag ? lag.ToString("0", inv) + " s" : "—").Raw("</td><td>").Number(s.Accepted, "N0").Raw("</td><td>").Number(s.Rejected, "N0")
                    .Raw("</td><td>").Number(s.Failures, "N0").Raw("</td><td>").Text(s.LastError ?? "—").Raw("</td></tr>");
            }

            body.Raw("</tbody></table>");
        }

        body.Raw("</section><section aria-labelledby=\"streams\"><h2 id=\"streams\">Shared Signals streams</h2>");
        var streams = ssf.AllStreams();
        if (streams.Count == 0)
        {
            body.Raw("<p>No receiver has created a stream (docs/ssf.md).</p>");
        }
        else
        {
            // Receivers' URLs and secrets are not shown: the status, the method and the queue say whether delivery works.
            body.Raw("<table><thead><tr><th scope=\"col\">Stream</th><th scope=\"col\">Receiver</th><th scope=\"col\">Delivery</th><th scope=\"col\">Status</th><th scope=\"col\">Queued</th><th scope=\"col\">Next attempt</th></tr></thead><tbody>");
            foreach (var stream in streams)
            {
                int queued = ssf.Queued(stream.StreamId, 1_000, controlOnly: false).Count;
                body.Raw("<tr><td>").Text(stream.StreamId).Raw("</td><td>").Text(stream.Owner).Raw("</td><td>").Text(stream.Method.EndsWith("push", StringComparison.Ordinal) ? "push" : "poll")
                    .Raw("</td><td>").Text(stream.Status + (stream.Reason is null ? "" : " (" + stream.Reason + ")")).Raw("</td><td>").Text(queued >= 1_000 ? "1,000+" : queued.ToString("N0", inv))
                    .Raw("</td><td>").Text(ssf.NextAttempt(stream.StreamId, controlOnly: false) is { } next ? Html.FormatTime(next) : "—").Raw("</td></tr>");
            }

            body.Raw("</tbody></table>");
        }

        body.Raw("</section>");
        return ConsolePage.Render(context, caller, "Operations", body);
    }

    private static void Fact(Html body, string name, string value) => body.Raw("<dt>").Text(name).Raw("</dt><dd>").Text(value).Raw("</dd>");
}
