using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Vigil.Core.Engine;
using Vigil.Core.Enrichment;
using Vigil.Core.Telemetry;
using Vigil.Server.Authzen;
using Vigil.Server.Hosting;
using Vigil.Storage;
using Xunit.Abstractions;

namespace Vigil.Server.Tests.Durability;

/// <summary>
/// kill -9 under load: the real server process is killed at an arbitrary moment while events, observed evaluations
/// and feedback stream in; after a restart nothing acknowledged is missing and scores continue exactly as an
/// in-process engine fed the journal in order.
/// </summary>
public sealed class CrashRecoveryTests(ITestOutputHelper output)
{
    private static readonly string[] Ips = ["81.2.69.10", "81.2.69.11", "203.0.113.7", "198.51.100.23", "2.16.0.1"];
    private static readonly long BaseMs = DateTimeOffset.Parse("2026-03-02T08:00:00Z", CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();

    private static string Event(int task, int n)
    {
        long t = BaseMs + (n * 60_000L) + task;
        string time = DateTimeOffset.FromUnixTimeMilliseconds(t).ToString("O", CultureInfo.InvariantCulture);
        return $$$"""{"@timestamp":"{{{time}}}","event":{"id":"t{{{task}}}-{{{n}}}","action":"sign-in","outcome":"{{{(n % 7 == 0 ? "failure" : "success")}}}"},"user":{"id":"u{{{n % 25}}}"},"labels":{"session_id":"s{{{n % 50}}}"},"source":{"ip":"{{{Ips[(n / 3 + task) % Ips.Length]}}}"},"host":{"id":"h{{{n % 25}}}"}}""";
    }

    private static string Evaluation(int n, string suffix = "") =>
        $$$"""{"subject":{"type":"user","id":"u{{{n % 25}}}"},"action":{"name":"read"},"resource":{"type":"doc","id":"r{{{n % 5}}}"},"context":{"ip":"{{{Ips[n % Ips.Length]}}}","event_id":"eval{{{suffix}}}-{{{n}}}","time":"{{{DateTimeOffset.FromUnixTimeMilliseconds(BaseMs + 3_600_000L + n * 30_000L).ToString("O", CultureInfo.InvariantCulture)}}}"}}""";

    [Fact]
    public async Task Kill9UnderLoad_Restart_LosesNothingAcknowledgedAndScoresContinue()
    {
        string dir = TempDir.Create();
        var ackedEvents = new ConcurrentBag<string>();
        var ackedDecisions = new ConcurrentBag<string>();
        var ackedFeedback = new ConcurrentBag<string>();
        string key;

        using (var server = await ServerProcess.StartAsync(dir, "--checkpoint-every", "500"))
        {
            key = server.AdminKey()!;
            Assert.NotNull(key);
            using var client = new HttpClient { BaseAddress = server.BaseAddress };
            client.DefaultRequestHeaders.Add("X-API-Key", key);
            using var stop = new CancellationTokenSource();

            async Task Ingest(int task)
            {
                for (int batch = 0; !stop.IsCancellationRequested; batch++)
                {
                    var lines = Enumerable.Range(batch * 100, 100).Select(n => Event(task, n)).ToList();
                    try
                    {
                        var response = await client.PostAsync("/v1/events", new StringContent(string.Join('\n', lines), Encoding.UTF8, "application/x-ndjson"));
                        if (response.StatusCode == HttpStatusCode.Accepted)
                        {
                            foreach (int n in Enumerable.Range(batch * 100, 100))
                            {
                                ackedEvents.Add($"t{task}-{n}");
                            }
                        }
                    }
                    catch (HttpRequestException)
                    {
                        return; // the server is gone: this batch was never acknowledged
                    }
                }
            }

            async Task Evaluate()
            {
                for (int n = 0; !stop.IsCancellationRequested; n++)
                {
                    try
                    {
                        var response = await client.PostAsync("/access/v1/evaluation", new StringContent(Evaluation(n), Encoding.UTF8, "application/json"));
                        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
                        string id = body.GetProperty("context").GetProperty("decision_id").GetString()!;
                        ackedDecisions.Add(id);
                        ackedEvents.Add($"eval-{n}");
                        if (n % 4 == 0)
                        {
                            var feedback = await client.PostAsync("/v1/feedback", new StringContent(
                                $$"""{"kind":"{{(n % 8 == 0 ? "confirm_safe" : "not_me")}}","decision_id":"{{id}}"}""", Encoding.UTF8, "application/json"));
                            if (feedback.StatusCode == HttpStatusCode.OK)
                            {
                                ackedFeedback.Add(id);
                            }
                        }
                    }
                    catch (Exception ex) when (ex is HttpRequestException or JsonException)
                    {
                        return;
                    }
                }
            }

            // Bare questions (no telemetry): answered as soon as their record is in the audit ring, so at the kill
            // some of them are answered but not yet in the database, and the restart must move them in.
            async Task Ask(int task)
            {
                for (int n = 0; !stop.IsCancellationRequested; n++)
                {
                    try
                    {
                        var response = await client.PostAsync("/access/v1/evaluation", new StringContent(
                            $$$"""{"subject":{"type":"user","id":"bare{{{task}}}-{{{n % 50}}}"},"action":{"name":"read"},"resource":{"type":"doc","id":"d{{{n % 7}}}"}}""",
                            Encoding.UTF8, "application/json"));
                        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
                        ackedDecisions.Add(body.GetProperty("context").GetProperty("decision_id").GetString()!);
                    }
                    catch (Exception ex) when (ex is HttpRequestException or JsonException)
                    {
                        return;
                    }
                }
            }

            var load = new[] { Task.Run(() => Ingest(1)), Task.Run(() => Ingest(2)), Task.Run(Evaluate), Task.Run(() => Ask(1)), Task.Run(() => Ask(2)) };
            await Task.Delay(new Random(4).Next(1500, 2500));
            server.Kill();
            stop.Cancel();
            await Task.WhenAll(load);
        }

        Assert.True(ackedEvents.Count > 200, "the load generated too little before the kill: " + ackedEvents.Count);
        Assert.NotEmpty(ackedDecisions);

        using var restarted = await ServerProcess.StartAsync(dir);
        using var store = VigilStore.Open(dir, TimeProvider.System);

        // Nothing acknowledged is lost.
        var journal = ReadAll(store);
        var journaledIds = journal.Where(e => e.EventId is not null).Select(e => e.EventId!).ToHashSet(StringComparer.Ordinal);
        Assert.DoesNotContain(ackedEvents, id => !journaledIds.Contains(id));
        Assert.All(ackedDecisions, id => Assert.NotNull(store.FindDecision(id)));
        var feedbackDecisions = store.ReadFeedback(null, 100_000).Select(f => f.DecisionId).ToHashSet(StringComparer.Ordinal);
        Assert.All(ackedFeedback, id => Assert.Contains(id, feedbackDecisions));
        output.WriteLine($"acknowledged before kill -9: {ackedEvents.Count} events, {ackedDecisions.Count} decisions, {ackedFeedback.Count} feedback; journal {journal.Count} entries");
        output.WriteLine("restart: " + (restarted.Output.Split('\n').FirstOrDefault(l => l.Contains("audit ring", StringComparison.Ordinal))?.Trim() ?? "every answered decision was already in the database"));
        var audit = AuditVerifier.Verify(dir);
        Assert.True(audit.Valid, audit.Problem);

        // Scores continue as if nothing happened: an engine fed the journal in order scores new requests identically.
        var reference = new VigilEngine();
        var enricher = new EventEnricher();
        var reader = new EcsEventReader();
        foreach (var entry in journal)
        {
            if (entry.Kind == JournalKind.Feedback)
            {
                var f = FeedbackCommand.FromJson(entry.Payload);
                reference.ApplyFeedback(f.IdentityId, f.Kind, f.TimeMs, f.Tenant, f.EventId);
            }
            else
            {
                Assert.True(reader.TryRead(entry.Payload, out var e, out _));
                reference.Observe(enricher.Enrich(e));
            }
        }

        using var probeClient = new HttpClient { BaseAddress = restarted.BaseAddress };
        probeClient.DefaultRequestHeaders.Add("X-API-Key", key);
        for (int n = 0; n < 30; n++)
        {
            // A decision is assessed against what the engine has learned when it arrives, and its own telemetry is
            // learned just after: wait for the previous probe to be learned, as the reference engine has it.
            await WaitForWriter(probeClient);
            string json = Evaluation(n, "-probe");
            var response = await probeClient.PostAsync("/access/v1/evaluation", new StringContent(json, Encoding.UTF8, "application/json"));
            var risk = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("context").GetProperty("risk");

            using var doc = JsonDocument.Parse(json);
            Assert.True(AuthzenParser.TryParseEvaluation(doc.RootElement, null, "", out var evaluation, out _));
            Assert.True(EvaluationMapper.TryMap(evaluation!, 0, out var request, out _, out _));
            var expected = reference.Observe(enricher.Enrich(request));
            Assert.Equal(expected.Score, risk.GetProperty("score").GetInt32());
            Assert.Equal(Math.Round(expected.IdentityRisk, 3), risk.GetProperty("identity_risk").GetDouble(), 3);
        }

        restarted.Dispose();
        store.Dispose();
        TempDir.Delete(dir);
    }

    [Fact]
    public async Task Kill9WhileObservedDecisionsStream_Restart_JournalsEveryAnsweredOne()
    {
        // Observed decisions are answered once their entry is in the journal's ring, before the journal commit: those
        // answered and not yet committed at the kill must be journaled (and learned) at the restart.
        string dir = TempDir.Create();
        var answered = new ConcurrentBag<string>();
        using (var server = await ServerProcess.StartAsync(dir))
        {
            using var client = new HttpClient { BaseAddress = server.BaseAddress };
            client.DefaultRequestHeaders.Add("X-API-Key", server.AdminKey()!);
            using var stop = new CancellationTokenSource();

            async Task Evaluate(int task)
            {
                for (int n = 0; !stop.IsCancellationRequested; n++)
                {
                    try
                    {
                        var response = await client.PostAsync("/access/v1/evaluation", new StringContent(Evaluation(n, "-" + task), Encoding.UTF8, "application/json"));
                        if (response.StatusCode == HttpStatusCode.OK)
                        {
                            answered.Add($"eval-{task}-{n}");
                        }
                    }
                    catch (HttpRequestException)
                    {
                        return;
                    }
                }
            }

            async Task Ingest()
            {
                // Keeps the committer busy with ingestion transactions, so staged entries wait for it.
                for (int batch = 0; !stop.IsCancellationRequested; batch++)
                {
                    try
                    {
                        await client.PostAsync("/v1/events", new StringContent(string.Join('\n', Enumerable.Range(batch * 500, 500).Select(n => Event(9, n))), Encoding.UTF8, "application/x-ndjson"));
                    }
                    catch (HttpRequestException)
                    {
                        return;
                    }
                }
            }

            var load = Enumerable.Range(0, 8).Select(t => Task.Run(() => Evaluate(t))).Append(Task.Run(Ingest)).ToArray();
            await Task.Delay(1_500);
            server.Kill();
            stop.Cancel();
            await Task.WhenAll(load);
        }

        Assert.True(answered.Count > 50, "too few observed decisions before the kill: " + answered.Count);
        using var restarted = await ServerProcess.StartAsync(dir);
        using var store = VigilStore.Open(dir, TimeProvider.System);
        var journaled = ReadAll(store).Where(e => e.Source == JournalSource.Evaluation).Select(e => e.EventId!).ToHashSet(StringComparer.Ordinal);
        Assert.DoesNotContain(answered, id => !journaled.Contains(id));
        output.WriteLine($"answered before kill -9: {answered.Count} observed decisions; restart: "
            + (restarted.Output.Split('\n').FirstOrDefault(l => l.Contains("journal ring", StringComparison.Ordinal))?.Trim() ?? "every answered one was already journaled"));
        restarted.Dispose();
        store.Dispose();
        TempDir.Delete(dir);
    }

    /// <summary>Until the service's writer has applied everything journaled (GET /v1/admin/engine).</summary>
    private static async Task WaitForWriter(HttpClient client)
    {
        for (int i = 0; i < 1_000; i++)
        {
            var status = JsonDocument.Parse(await client.GetStringAsync("/v1/admin/engine")).RootElement;
            if (status.GetProperty("pending").GetInt64() == 0)
            {
                return;
            }

            await Task.Delay(10);
        }

        Assert.Fail("the writer did not catch up within 10 s");
    }

    private static List<JournalEntry> ReadAll(VigilStore store)
    {
        var all = new List<JournalEntry>();
        while (true)
        {
            var page = store.ReadJournal(all.Count == 0 ? 0 : all[^1].Sequence, 10_000);
            if (page.Count == 0)
            {
                return all;
            }

            all.AddRange(page);
        }
    }
}
