using System.Net;
using System.Text;
using System.Text.Json;
using Vigil.Server.Authzen;
using Vigil.Server.Hosting;
using Vigil.Server.Tests.Ingestion;
using Vigil.Storage;

namespace Vigil.Server.Tests.Hosting;

/// <summary>
/// An observed decision (an evaluation that carries telemetry) must not wait for other events' learning: the
/// writer is held so that a shipper's burst stays unapplied, and the decision is still answered, journaled ahead of
/// the backlog, and learned once the writer resumes.
/// </summary>
public sealed class ObservedDecisionTests
{
    private const string Observed =
        """{"subject":{"type":"user","id":"carol"},"action":{"name":"read"},"resource":{"type":"doc","id":"d"},"context":{"ip":"81.2.69.10","event_id":"obs-1","time":"2026-03-02T09:00:00Z"}}""";

    [Fact]
    public async Task Evaluate_WhileTheWriterHasABacklog_AnswersWithoutWaitingAndLearnsLater()
    {
        await using var service = await TestService.StartAsync();
        var host = (EngineHost)service.Services.GetService(typeof(EngineHost))!;
        var store = (VigilStore)service.Services.GetService(typeof(VigilStore))!;

        JsonElement answer;
        using (await host.HoldWriterAsync())
        {
            string burst = string.Join('\n', Enumerable.Range(0, 5_000).Select(i => IngestTests.Event("burst-" + i, "user" + (i % 40))));
            var ingested = await service.Client.PostAsync("/v1/events", new StringContent(burst, Encoding.UTF8, "application/x-ndjson"));
            Assert.Equal(HttpStatusCode.Accepted, ingested.StatusCode);

            var response = await service.Client.PostAsync("/access/v1/evaluation", new StringContent(Observed, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

            // Answered while nothing of the burst, nor the request itself, has been learned: all of it is still pending.
            Assert.Equal(5_001, host.Pending);
            await host.WhenObservedJournaledAsync(); // answered from the journal's ring; the commit follows
            Assert.Equal(5_001, store.JournalHead());
        }

        await WaitUntil(() => host.Pending == 0);
        Assert.Equal(5_001, host.AppliedSequence);
        Assert.True(answer.GetProperty("context").GetProperty("risk").TryGetProperty("score", out _));
        var record = JsonDocument.Parse((await service.StoreAfterAuditFlushAsync()).FindDecision(answer.GetProperty("context").GetProperty("decision_id").GetString()!)!.Record).RootElement;
        Assert.True(record.GetProperty("observed").GetBoolean());
    }

    [Fact]
    public async Task IdentityView_RightAfterAnObservedDecision_ShowsItLearned()
    {
        await using var service = await TestService.StartAsync();
        var host = (EngineHost)service.Services.GetService(typeof(EngineHost))!;
        var hold = await host.HoldWriterAsync();
        var response = await service.Client.PostAsync("/access/v1/evaluation", new StringContent(Observed, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, host.Pending); // answered, journaled, not yet learned
        var view = service.Client.GetAsync("/v1/identities/carol");
        // The writer resumes once the view waits for it (or, were it not to wait, once it has answered from the unlearned state).
        await Task.WhenAny(view, WaitUntil(() => host.CaughtUpWaiters > 0));
        hold.Dispose();

        // Asked before the writer learned the decision's event, answered with it learned (read your writes).
        var answered = await view;
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        var state = JsonDocument.Parse(await answered.Content.ReadAsStringAsync()).RootElement.GetProperty("state");
        Assert.Equal(DateTimeOffset.Parse("2026-03-02T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds(),
            state.GetProperty("last_seen_ms").GetInt64());
    }

    [Fact]
    public async Task Evaluate_SameEventIdTwice_IsLearnedOnce()
    {
        await using var service = await TestService.StartAsync();
        var host = (EngineHost)service.Services.GetService(typeof(EngineHost))!;
        var store = (VigilStore)service.Services.GetService(typeof(VigilStore))!;
        for (int i = 0; i < 2; i++)
        {
            var response = await service.Client.PostAsync("/access/v1/evaluation", new StringContent(Observed, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await WaitUntil(() => host.Pending == 0);
        Assert.Equal(1, store.JournalHead());
    }

    [Fact]
    public async Task Ingest_RequestLargerThanOneCommit_IsJournaledWholeAndInOrder()
    {
        await using var service = await TestService.StartAsync();
        var store = (VigilStore)service.Services.GetService(typeof(VigilStore))!;
        string burst = string.Join('\n', Enumerable.Range(0, 4_500).Select(i => IngestTests.Event("big-" + i)));
        var ingested = await service.Client.PostAsync("/v1/events", new StringContent(burst, Encoding.UTF8, "application/x-ndjson"));
        Assert.Equal(HttpStatusCode.Accepted, ingested.StatusCode);

        var journal = store.ReadJournal(0, 10_000);
        Assert.Equal(Enumerable.Range(0, 4_500).Select(i => "big-" + i), journal.Select(e => e.EventId));
    }

    [Fact]
    public async Task Evaluate_WhileJournalCommitsAreHeld_IsAnsweredAndJournaledAfterwards()
    {
        await using var service = await TestService.StartAsync();
        var host = (EngineHost)service.Services.GetService(typeof(EngineHost))!;
        var store = (VigilStore)service.Services.GetService(typeof(VigilStore))!;
        using (await host.HoldCommitsAsync())
        {
            // No journal commit can happen, and the decision is answered all the same: from the journal's ring.
            var response = await service.Client.PostAsync("/access/v1/evaluation", new StringContent(Observed, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(0, store.JournalHead());
            Assert.Equal(1, host.Pending);
        }

        await host.WhenObservedJournaledAsync();
        await WaitUntil(() => host.Pending == 0);
        Assert.Equal(["obs-1"], store.ReadJournal(0).Select(e => e.EventId));
        Assert.Equal(1, host.AppliedSequence);
    }

    [Fact]
    public async Task Feedback_OnADecisionNotYetJournaled_IsJournaledAfterTheDecisionsEntry()
    {
        await using var service = await TestService.StartAsync();
        var host = (EngineHost)service.Services.GetService(typeof(EngineHost))!;
        var hold = await host.HoldCommitsAsync();
        var (answered, body) = await service.PostJsonAsync("/access/v1/evaluation", Observed);
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        string decisionId = body.GetProperty("context").GetProperty("decision_id").GetString()!;
        var feedback = service.Client.PostAsync("/v1/feedback", new StringContent(
            $$"""{"kind":"not_me","decision_id":"{{decisionId}}"}""", Encoding.UTF8, "application/json"));

        // The feedback waits for the decision's entry (or, were it not to wait, is journaled first): then the commits resume.
        await Task.WhenAny(feedback, WaitUntil(() => host.ObservedJournaledWaiters > 0));
        hold.Dispose();
        Assert.Equal(HttpStatusCode.OK, (await feedback).StatusCode);

        var journal = (await service.StoreAfterAuditFlushAsync()).ReadJournal(0);
        Assert.Equal([JournalKind.Event, JournalKind.Feedback], journal.Select(e => e.Kind));
    }

    [Fact]
    public async Task Start_ObservedRequestsStagedButNotJournaledBeforeACrash_JournalsAndLearnsThemOnce()
    {
        string dir = TempDir.Create();
        using (VigilStore.Open(dir, TimeProvider.System))
        {
        }

        // What kill -9 leaves after two observed decisions were answered and before the committer journaled them:
        // their entries in the journal's ring, one with an event id and one without.
        using (var ring = AuditRing.Open(dir, 0, out _, ObservedStaging.Capacity, ObservedStaging.FileName))
        {
            ring.Reset();
            Assert.True(ring.TryStage(ObservedStaging.ToSlot(Entry(Observed)), out _));
            Assert.True(ring.TryStage(ObservedStaging.ToSlot(Entry(Observed.Replace("\"event_id\":\"obs-1\",", "", StringComparison.Ordinal))), out _));
        }

        await using (var service = await TestService.StartAsync(dataDir: dir))
        {
            var host = (EngineHost)service.Services.GetService(typeof(EngineHost))!;
            var store = (VigilStore)service.Services.GetService(typeof(VigilStore))!;
            var journal = store.ReadJournal(0);
            Assert.Equal(["obs-1", null], journal.Select(e => e.EventId));
            Assert.Equal(JournalSource.Evaluation, journal[0].Source); // an entry without an id does not keep its source (the id column carries it)
            Assert.Equal(2, host.AppliedSequence); // learned before the service reported ready
            var view = await service.Client.GetAsync("/v1/identities/carol");
            Assert.Equal(HttpStatusCode.OK, view.StatusCode);
        }

        // A second start journals nothing again, the entry without an event id included: the journal records how far the ring came.
        await using (var again = await TestService.StartAsync(dataDir: dir))
        {
            Assert.Equal(2, ((VigilStore)again.Services.GetService(typeof(VigilStore))!).JournalHead());
        }

        TempDir.Delete(dir);
    }

    private static JournalAppend Entry(string json)
    {
        using var doc = JsonDocument.Parse(json);
        Assert.True(AuthzenParser.TryParseEvaluation(doc.RootElement, null, "", out var evaluation, out _));
        Assert.True(EvaluationMapper.TryMap(evaluation!, 0, out var request, out var ecs, out _));
        return new JournalAppend(JournalKind.Event, request.Id, request.SubjectId, ecs.ToArray(), JournalSource.Evaluation);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (int i = 0; i < 600 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(condition(), "the writer did not catch up within 30 s");
    }
}
