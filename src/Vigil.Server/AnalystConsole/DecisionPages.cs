using System.Globalization;
using Microsoft.Extensions.Logging;
using Vigil.Server.Hosting;
using Vigil.Server.Security;
using Vigil.Storage;

namespace Vigil.Server.AnalystConsole;

/// <summary>
/// Decisions search over the hash-chained audit log (subject, resource, outcome, time) and the chain's status: its
/// head (the anchor to record elsewhere), the newest anchor in the anchor file, and a verification run on demand.
/// </summary>
internal static class DecisionPages
{
    /// <summary>Most records examined when no subject narrows the search (the newest ones): a page never scans the whole log.</summary>
    public const int ScanLimit = 20_000;

    /// <summary>Most decisions shown.</summary>
    public const int ShowLimit = 200;

    private static readonly string[] Outcomes = ["permit", "step_up", "limit", "deny"];

    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/decisions", Search).WithMetadata(new ConsoleAccess(Scopes.Read));
        group.MapPost("/decisions/verify", Verify).WithMetadata(new ConsoleAccess(Scopes.Admin));
    }

    private static async Task<IResult> Search(HttpContext context, string? subject, string? resource, string? outcome, string? from, string? to,
        VigilStore store, AuditWriter audit, EngineHost engine, ServerOptions options)
    {
        var caller = ConsoleGate.Caller(context);
        IResult Bad(string message) => ConsolePage.Message(context, caller, StatusCodes.Status400BadRequest, "Decisions", message);
        subject = Blank(subject);
        resource = Blank(resource);
        outcome = Blank(outcome);
        if (subject is { Length: > 512 })
        {
            return Bad("subject: at most 512 characters.");
        }

        if (resource is { Length: > 512 })
        {
            return Bad("resource: at most 512 characters.");
        }

        if (outcome is not null && !Outcomes.Contains(outcome))
        {
            return Bad("outcome: must be permit, step_up, limit or deny (or empty for any).");
        }

        if (!TryTime(from, out long fromMs))
        {
            return Bad("from: a UTC time as yyyy-MM-ddTHH:mm, e.g. 2026-03-23T09:00.");
        }

        if (!TryTime(to, out long toMs))
        {
            return Bad("to: a UTC time as yyyy-MM-ddTHH:mm, e.g. 2026-03-23T18:00.");
        }

        await audit.FlushAsync().ConfigureAwait(false);
        var head = store.AuditHead();
        IEnumerable<AuditRecord> records;
        bool bounded = false;
        try
        {
            if (subject is not null)
            {
                records = store.ReadDecisions(subject, ScanLimit);
            }
            else
            {
                long last = head?.Sequence ?? 0;
                bounded = last > ScanLimit;
                records = Newest(store, last);
            }
        }
        catch (AuditIntegrityException)
        {
            return ConsolePage.Message(context, caller, StatusCodes.Status409Conflict, "Decisions",
                "Audit records fail verification (the audit database was edited); run 'vigil audit verify'.");
        }

        var found = new List<DecisionRow>();
        foreach (var record in records)
        {
            if ((fromMs > 0 && record.TimeMs < fromMs) || (toMs > 0 && record.TimeMs > toMs))
            {
                continue;
            }

            var row = DecisionRow.Parse(record);
            if ((outcome is null || row.Outcome == outcome || row.WouldBe == outcome)
                && (resource is null || (row.ResourceType + " " + row.ResourceId).Contains(resource, StringComparison.OrdinalIgnoreCase)))
            {
                found.Add(row);
                if (found.Count == ShowLimit)
                {
                    break;
                }
            }
        }

        var body = new Html();
        body.Raw("<form class=\"filters\" method=\"get\" action=\"/console/decisions\" role=\"search\" aria-label=\"Search decisions\">")
            .Raw("<label>Subject <input name=\"subject\" maxlength=\"512\"").Attr("value", subject).Raw("></label>")
            .Raw("<label>Resource contains <input name=\"resource\" maxlength=\"512\"").Attr("value", resource).Raw("></label>");
        IdentityPages.Select(body, "outcome", "Outcome or would-be", outcome ?? "", [("", "any"), ("permit", "permit"), ("step_up", "step_up"), ("limit", "limit"), ("deny", "deny")]);
        body.Raw("<label>From (UTC) <input type=\"datetime-local\" name=\"from\"").Attr("value", from).Raw("></label>")
            .Raw("<label>To (UTC) <input type=\"datetime-local\" name=\"to\"").Attr("value", to).Raw("></label>")
            .Raw("<button type=\"submit\">Search</button></form>");
        body.Raw("<p class=\"count\">").Number(found.Count, "N0").Raw(found.Count == ShowLimit ? " decisions shown (the newest " : " decisions")
            .Raw(found.Count == ShowLimit ? "; narrow the search for older ones)" : "")
            .Raw(bounded ? ". Without a subject the newest " + ScanLimit.ToString("N0", CultureInfo.InvariantCulture) + " records are searched." : ".").Raw("</p>");
        if (found.Count > 0)
        {
            IdentityPages.DecisionTable(body, found, showSubject: true, engine);
        }

        body.Raw("<section aria-labelledby=\"chain\"><h2 id=\"chain\">Audit chain</h2>");
        ChainStatus(body, caller, head, options);
        body.Raw("</section>");
        return ConsolePage.Render(context, caller, "Decisions", body);
    }

    private static void ChainStatus(Html body, ConsoleCaller caller, AuditAnchor? head, ServerOptions options)
    {
        body.Raw("<dl class=\"facts\"><dt>Records</dt><dd>").Number(head?.Sequence ?? 0, "N0").Raw("</dd><dt>Head anchor</dt><dd><code>").Text(head?.ToString() ?? "— (empty log)").Raw("</code></dd>");
        if (options.AuditAnchorFilePath is { } file && File.Exists(file))
        {
            var anchors = AuditAnchorFile.Read(file, out _);
            body.Raw("<dt>Newest anchor in the anchor file</dt><dd><code>").Text(anchors.Count > 0 ? anchors[^1].ToString() : "—").Raw("</code></dd>");
        }

        body.Raw("</dl><p class=\"hint\">Record the head anchor outside this system (a ticket, another database): a rewrite of the log at or before it changes the hash at that sequence.</p>");
        if (caller.May(Scopes.Admin))
        {
            body.Raw("<form method=\"post\" action=\"/console/decisions/verify\">");
            ConsolePage.Csrf(body, caller.Session);
            body.Raw("<button type=\"submit\">Verify the whole chain now</button></form>");
        }
    }

    private static async Task<IResult> Verify(HttpContext context, VigilStore store, AuditWriter audit, ServerOptions options)
    {
        var caller = ConsoleGate.Caller(context);
        await audit.FlushAsync().ConfigureAwait(false);
        IReadOnlyList<AuditAnchor> anchors = options.AuditAnchorFilePath is { } file && File.Exists(file) ? AuditAnchorFile.Read(file, out _) : [];
        // Reads every record: as 'vigil audit verify' does, on a read-only connection beside the running service.
        var result = await Task.Run(() => AuditVerifier.Verify(options.DataDirectory, anchors.ToList()), context.RequestAborted).ConfigureAwait(false);
        ConsoleLog.Acted(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DecisionPages)), "audit-verify", caller.RoleName);
        var body = new Html();
        body.Raw(result.Valid ? "<p class=\"notice\" role=\"status\">" : "<p class=\"message error\" role=\"alert\">");
        body.Text(result.Valid
            ? string.Create(CultureInfo.InvariantCulture, $"The chain is intact: {result.RecordsChecked:N0} records checked against {anchors.Count:N0} anchors.")
            : string.Create(CultureInfo.InvariantCulture, $"The chain is broken at record {result.FirstBadSequence}: {result.Problem}"));
        body.Raw("</p><p><a href=\"/console/decisions\">Back to decisions</a></p>");
        ChainStatus(body, caller, store.AuditHead(), options);
        return ConsolePage.Render(context, caller, "Audit chain", body, result.Valid ? StatusCodes.Status200OK : StatusCodes.Status409Conflict);
    }

    /// <summary>The newest records first, read in chunks from the head back, so a search that fills its page early reads one chunk, not <see cref="ScanLimit"/>.</summary>
    private static IEnumerable<AuditRecord> Newest(VigilStore store, long head)
    {
        const int chunk = 500;
        long floor = Math.Max(0, head - ScanLimit);
        for (long end = head; end > floor; end -= chunk)
        {
            long start = Math.Max(floor, end - chunk);
            var records = store.ReadAuditLog(start, (int)(end - start));
            for (int i = records.Count - 1; i >= 0; i--)
            {
                yield return records[i];
            }
        }
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>A datetime-local value read as UTC; empty means no bound (0).</summary>
    private static bool TryTime(string? text, out long unixMs)
    {
        unixMs = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        string[] formats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd"];
        if (text.Length <= 32 && DateTime.TryParseExact(text.Trim(), formats, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time))
        {
            unixMs = new DateTimeOffset(time, TimeSpan.Zero).ToUnixTimeMilliseconds();
            return true;
        }

        return false;
    }
}
