using System.Globalization;
using Microsoft.Extensions.Logging;
using Vigil.Core.Enrichment;
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

    /// <summary>Audit records read for the challenge rate: the newest ones, so the page costs the same at any audit log size.</summary>
    public const int ChallengeWindowRecords = 5_000;

    /// <summary>Days the challenge-rate chart covers.</summary>
    public const int ChallengeDays = 14;

    private const long DayMs = 86_400_000L;

    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/operations", (HttpContext context, EngineHost engine, VigilStore store, AuditWriter audit, IReadOnlyList<ConnectorHealth> connectors, SsfDatabase ssf, ServerOptions options) =>
            Show(context, engine, store, audit, connectors, ssf, options, shadow: null)).WithMetadata(new ConsoleAccess(Scopes.Read));
        // One measurement at a time per service: each replays up to 20,000 events on a core for up to 20 s, beside the decisions.
        var shadowGate = new SemaphoreSlim(1, 1);
        group.MapPost("/operations/shadow", (HttpContext context, EngineHost engine, VigilStore store, AuditWriter audit, IReadOnlyList<ConnectorHealth> connectors, SsfDatabase ssf,
            ServerOptions options, PolicyHolder holder, IEventEnricher enricher) => MeasureShadow(context, engine, store, audit, connectors, ssf, options, holder, enricher, shadowGate))
            .WithMetadata(new ConsoleAccess(Scopes.Analyst));
    }

    private static async Task<IResult> MeasureShadow(HttpContext context, EngineHost engine, VigilStore store, AuditWriter audit, IReadOnlyList<ConnectorHealth> connectors, SsfDatabase ssf,
        ServerOptions options, PolicyHolder holder, IEventEnricher enricher, SemaphoreSlim gate)
    {
        var caller = ConsoleGate.Caller(context);
        if (engine.Engine.Options.SupervisedModel is null && engine.Engine.Options.ShadowModel is null)
        {
            return ConsolePage.Message(context, caller, StatusCodes.Status409Conflict, "Operations", "The service runs no supervised model, in force or in shadow: there is nothing to measure.");
        }

        if (!await gate.WaitAsync(0, context.RequestAborted).ConfigureAwait(false))
        {
            context.Response.Headers.RetryAfter = "10";
            return ConsolePage.Message(context, caller, StatusCodes.Status429TooManyRequests, "Operations", "Another measurement is running; try again in a few seconds.");
        }

        ShadowReplay.Result result;
        try
        {
            var labels = ShadowReplay.Labels(store);
            result = await Task.Run(() => ShadowReplay.Run(store, engine.Engine.Options, enricher, holder.Policy, labels, context.RequestAborted), context.RequestAborted).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }

        ConsoleLog.Acted(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(OperationsPage)), "shadow-metrics", caller.RoleName);
        return await Show(context, engine, store, audit, connectors, ssf, options, result).ConfigureAwait(false);
    }

    private static async Task<IResult> Show(HttpContext context, EngineHost engine, VigilStore store, AuditWriter audit, IReadOnlyList<ConnectorHealth> connectors, SsfDatabase ssf, ServerOptions options, ShadowReplay.Result? shadow)
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

        await audit.FlushAsync().ConfigureAwait(false);
        ChallengeRate(body, store, nowMs);
        Models(body, caller, store, engine, shadow);

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

    /// <summary>
    /// The share of decisions per UTC day that challenged the caller (step-up, limit or deny), or in monitor mode would
    /// have, over the last <see cref="ChallengeDays"/> days, from the newest <see cref="ChallengeWindowRecords"/>
    /// audit records: the rate people feel, beside the what-if's per-segment rates on the Policies page.
    /// </summary>
    private static void ChallengeRate(Html body, VigilStore store, long nowMs)
    {
        var inv = CultureInfo.InvariantCulture;
        body.Raw("<section aria-labelledby=\"challenges\"><h2 id=\"challenges\">Challenge rate per day</h2>");
        var (decisions, challenged, read, complete) = CountChallenges(store, nowMs);
        if (read < 0)
        {
            body.Raw("<p class=\"error\">The newest audit records fail verification (the audit database was edited); run 'vigil audit verify'.</p></section>");
            return;
        }

        long today = nowMs / DayMs;
        var bars = new List<(string Label, double Value)>(ChallengeDays);
        for (int i = 0; i < ChallengeDays; i++)
        {
            string day = DateTimeOffset.FromUnixTimeMilliseconds((today - ChallengeDays + 1 + i) * DayMs).ToString("MM-dd", inv);
            bars.Add((day, decisions[i] == 0 ? 0 : Math.Round(100.0 * challenged[i] / decisions[i], 1)));
        }

        Svg.Bars(body, "Decisions that challenged (step-up, limit or deny; in monitor mode, would have), % per UTC day, last 14 days", bars);
        body.Raw("<p class=\"hint\">From the newest ").Number(read, "N0").Raw(" audit records").Raw(complete ? "" : " (older days may be missing: only the newest " + ChallengeWindowRecords.ToString("N0", inv) + " are read)")
            .Raw(". Decisions per day: ").Text(string.Join(", ", bars.Select((b, i) => b.Label + " " + decisions[i].ToString(inv)))).Raw(".</p></section>");
    }

    /// <summary>Decisions and challenges per day (index 0 the oldest of <see cref="ChallengeDays"/>), the records read (-1: they fail verification), and whether the window reached back over every day.</summary>
    internal static (long[] Decisions, long[] Challenged, int Read, bool Complete) CountChallenges(VigilStore store, long nowMs)
    {
        var decisions = new long[ChallengeDays];
        var challenged = new long[ChallengeDays];
        long head = store.AuditHead()?.Sequence ?? 0;
        long first = Math.Max(0, head - ChallengeWindowRecords);
        IReadOnlyList<AuditRecord> records;
        try
        {
            records = head == 0 ? [] : store.ReadAuditLog(first, ChallengeWindowRecords);
        }
        catch (AuditIntegrityException)
        {
            return (decisions, challenged, -1, false);
        }

        long today = nowMs / DayMs;
        long oldestMs = long.MaxValue;
        foreach (var record in records)
        {
            oldestMs = Math.Min(oldestMs, record.TimeMs);
            var (outcome, wouldBe, monitor) = Outcome(record.Record);
            if (outcome is null)
            {
                continue; // an alert action's record, not a decision
            }

            long index = (record.TimeMs / DayMs) - (today - ChallengeDays + 1);
            if (index is < 0 or >= ChallengeDays)
            {
                continue;
            }

            decisions[index]++;
            string effective = monitor && wouldBe is not null ? wouldBe : outcome;
            if (effective is "step_up" or "limit" or "deny")
            {
                challenged[index]++;
            }
        }

        bool complete = first == 0 || oldestMs < (today - ChallengeDays + 1) * DayMs;
        return (decisions, challenged, records.Count, complete);
    }

    /// <summary>The top-level outcome, would-be outcome and whether the mode is monitor, read without building a document (this page reads thousands).</summary>
    internal static (string? Outcome, string? WouldBe, bool Monitor) Outcome(byte[] record)
    {
        string? outcome = null, wouldBe = null;
        bool monitor = false;
        var reader = new System.Text.Json.Utf8JsonReader(record);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType != System.Text.Json.JsonTokenType.PropertyName || reader.CurrentDepth != 1)
                {
                    continue;
                }

                bool isOutcome = reader.ValueTextEquals("outcome"u8), isWouldBe = reader.ValueTextEquals("would_be"u8), isMode = reader.ValueTextEquals("mode"u8);
                reader.Read();
                if (reader.TokenType == System.Text.Json.JsonTokenType.String)
                {
                    if (isOutcome)
                    {
                        outcome = reader.GetString();
                    }
                    else if (isWouldBe)
                    {
                        wouldBe = reader.GetString();
                    }
                    else if (isMode)
                    {
                        monitor = reader.ValueTextEquals("monitor"u8);
                    }
                }
                else if (reader.TokenType is System.Text.Json.JsonTokenType.StartObject or System.Text.Json.JsonTokenType.StartArray)
                {
                    reader.Skip();
                }
            }
        }
        catch (System.Text.Json.JsonException)
        {
            return (null, null, false); // not a record this page can read: not counted
        }

        return (string.IsNullOrEmpty(outcome) ? null : outcome, string.IsNullOrEmpty(wouldBe) ? null : wouldBe, monitor);
    }

    /// <summary>
    /// The supervised model store as <c>vigil model list</c> shows it (versions newest first, which is in force and which
    /// in shadow), and for analysts the shadow metrics measured on demand (<see cref="ShadowReplay"/>).
    /// </summary>
    private static void Models(Html body, ConsoleCaller caller, VigilStore store, EngineHost engine, ShadowReplay.Result? shadow)
    {
        var inv = CultureInfo.InvariantCulture;
        body.Raw("<section aria-labelledby=\"models\"><h2 id=\"models\">Supervised models</h2>");
        var models = store.ModelHistory(20);
        if (models.Count == 0)
        {
            body.Raw("<p>No model is stored (<code>vigil model train --data-dir</code>, docs/supervised.md).</p>");
        }
        else
        {
            body.Raw("<table class=\"models\"><thead><tr><th scope=\"col\">Version</th><th scope=\"col\">Status</th><th scope=\"col\">Name</th><th scope=\"col\">Added</th><th scope=\"col\">By</th><th scope=\"col\">Comment</th></tr></thead><tbody>");
            foreach (var m in models)
            {
                body.Raw("<tr><td>").Number(m.Version, "0").Raw("</td><td>").Text(m.Status).Raw("</td><td>").Text(m.Name).Raw("</td><td>").Time(m.CreatedMs)
                    .Raw("</td><td>").Text(m.Author).Raw("</td><td>").Text(m.Comment ?? "—").Raw("</td></tr>");
            }

            body.Raw("</tbody></table>");
        }

        var o = engine.Engine.Options;
        body.Raw("<p>Running now: ").Text(o.SupervisedModel is null ? "no model in force" : "a model in force").Raw(", ").Text(o.ShadowModel is null ? "no shadow" : "a shadow scored beside it")
            .Raw(" (read from the store at start-up; promote or roll back with <code>vigil model</code>, then restart).</p>");
        if (shadow is not null)
        {
            string Share(double? v) => v is { } x ? x.ToString("0.000", inv) : "—";
            body.Raw("<p class=\"notice\" role=\"status\">").Text(string.Create(inv,
                $"{shadow.Events:N0} recent events replayed, {shadow.Scored:N0} scored by the models{(shadow.CutShort ? $"; cut short after {WhatIfReplay.MaxDuration.TotalSeconds} s" : "")}.")).Raw("</p>");
            body.Raw("<table class=\"shadow\"><thead><tr><th scope=\"col\">Measure</th><th scope=\"col\">In force</th><th scope=\"col\">Shadow</th></tr></thead><tbody>");
            body.Raw("<tr><th scope=\"row\">Mean probability</th><td>").Number(shadow.MeanInForce, "0.000").Raw("</td><td>").Number(shadow.MeanShadow, "0.000").Raw("</td></tr>");
            body.Raw("<tr><th scope=\"row\">ROC AUC on analysts' verdicts</th><td>").Text(Share(shadow.AucInForce)).Raw("</td><td>").Text(Share(shadow.AucShadow)).Raw("</td></tr>");
            body.Raw("<tr><th scope=\"row\">Average precision on analysts' verdicts</th><td>").Text(Share(shadow.ApInForce)).Raw("</td><td>").Text(Share(shadow.ApShadow)).Raw("</td></tr>");
            body.Raw("</tbody></table><p>").Text(string.Create(inv,
                $"They agree at 0.5 on {shadow.Agreement * 100:0.0}% of the scored events; mean absolute difference {shadow.MeanDifference:0.000}. Verdicts among the replayed events: {shadow.Positives} confirmed compromised, {shadow.Negatives} confirmed safe{(shadow.AucInForce is null ? " (ranking measures need at least one of each)" : "")}.")).Raw("</p>");
        }

        if (ConsolePage.MayAct(caller) && (o.SupervisedModel is not null || o.ShadowModel is not null))
        {
            body.Raw("<form method=\"post\" action=\"/console/operations/shadow\">");
            ConsolePage.Csrf(body, caller.Session);
            body.Raw("<button type=\"submit\">Measure the models over recent traffic</button></form><p class=\"hint\">Replays the newest ").Number(WhatIfReplay.MaxEvents, "N0")
                .Raw(" journaled events through a fresh engine with these models (up to ").Number(WhatIfReplay.MaxDuration.TotalSeconds, "0").Raw(" s, one at a time): the service does not record shadow scores of live traffic.</p>");
        }

        body.Raw("</section>");
    }

    private static void Fact(Html body, string name, string value) => body.Raw("<dt>").Text(name).Raw("</dt><dd>").Text(value).Raw("</dd>");
}
