using System.Text;

namespace Vigil.Storage.Tests;

public sealed class JournalTests
{
    private static JournalAppend Event(string? id, string subject = "alice") =>
        new(JournalKind.Event, id, subject, Encoding.UTF8.GetBytes("{\"event\":{\"id\":\"" + id + "\"},\"user\":{\"id\":\"" + subject + "\"}}"));

    [Fact]
    public void Append_NewEvents_GetIncreasingSequencesAndSurviveReopen()
    {
        using var dir = new TempDataDir();
        using (var store = VigilStore.Open(dir.Path, TimeProvider.System))
        {
            var results = store.Append([Event("e1"), Event("e2"), Event(null)]);
            Assert.Equal([1L, 2L, 3L], results.Select(r => r.Sequence));
            Assert.All(results, r => Assert.False(r.Duplicate));
        }

        using var reopened = VigilStore.Open(dir.Path, TimeProvider.System);
        var entries = reopened.ReadJournal(0);
        Assert.Equal(3, entries.Count);
        Assert.Equal("e2", entries[1].EventId);
        Assert.Contains("\"e2\"", Encoding.UTF8.GetString(entries[1].Payload));
        Assert.Equal(3, reopened.JournalHead());
    }

    [Fact]
    public void Append_WithAStagingWatermark_RecordsItWithTheEntriesAcrossReopen()
    {
        using var dir = new TempDataDir();
        using (var store = VigilStore.Open(dir.Path, TimeProvider.System))
        {
            Assert.Equal(0, store.JournalStagedThrough());
            store.Append([Event("e1")], stagedThrough: 7);
            store.Append([Event("e2")]); // not from the ring: the watermark stays
            Assert.Equal(7, store.JournalStagedThrough());
        }

        using var reopened = VigilStore.Open(dir.Path, TimeProvider.System);
        Assert.Equal(7, reopened.JournalStagedThrough());
    }

    [Fact]
    public void Append_SameIdFromAnotherSource_IsNotADuplicate()
    {
        // Issue 11, defect 6: an evaluation's context.event_id pre-claimed the identity provider's id, and the real
        // event was then dropped as a duplicate.
        using var dir = new TempDataDir();
        using var store = VigilStore.Open(dir.Path, TimeProvider.System);
        var claimed = store.Append([Event("idp-1") with { Source = JournalSource.Evaluation }]);
        var real = store.Append([Event("idp-1"), Event("idp-1") with { Source = JournalSource.Evaluation }]);

        Assert.False(claimed[0].Duplicate);
        Assert.Equal(new AppendResult(2, false), real[0]);
        Assert.Equal(new AppendResult(1, true), real[1]); // the same source again is still one event
        var entries = store.ReadJournal(0);
        Assert.Equal([(JournalSource.Evaluation, "idp-1"), (JournalSource.Ingest, "idp-1")], entries.Select(e => (e.Source, e.EventId!)));
        Assert.True(store.ContainsEvent("idp-1"));
        Assert.True(store.ContainsEvent("idp-1", JournalSource.Evaluation));
    }

    [Theory]
    [InlineData(JournalSource.Ingest, "plain")]
    [InlineData(JournalSource.Ingest, "\u0001authzen:x")]
    [InlineData(JournalSource.Ingest, "\u0001")]
    [InlineData(JournalSource.Ingest, "")]
    [InlineData(JournalSource.Evaluation, "x")]
    [InlineData(JournalSource.Evaluation, "")]
    public void Append_AnyIdOfAnySource_ReadsBackAsWritten(JournalSource source, string id)
    {
        using var dir = new TempDataDir();
        using var store = VigilStore.Open(dir.Path, TimeProvider.System);
        store.Append([Event(id) with { Source = source }]);
        var entry = Assert.Single(store.ReadJournal(0));
        Assert.Equal((source, id), (entry.Source, entry.EventId));
        Assert.Equal("alice", store.SubjectOfEvent(id));
    }

    [Fact]
    public void Append_SameEventIdTwice_IsStoredOnceAndReportedDuplicate()
    {
        using var dir = new TempDataDir();
        using var store = VigilStore.Open(dir.Path, TimeProvider.System);
        store.Append([Event("e1")]);
        var again = store.Append([Event("e1"), Event("e3"), Event("e3")]);

        Assert.Equal(new AppendResult(1, true), again[0]);
        Assert.Equal(new AppendResult(2, false), again[1]);
        Assert.Equal(new AppendResult(2, true), again[2]);
        Assert.Equal(2, store.ReadJournal(0).Count);
    }

    [Fact]
    public void Append_EventsWithoutId_AreNeverDeduplicated()
    {
        using var dir = new TempDataDir();
        using var store = VigilStore.Open(dir.Path, TimeProvider.System);
        store.Append([Event(null), Event(null)]);
        Assert.Equal(2, store.ReadJournal(0).Count);
    }

    [Fact]
    public void ReadJournal_AfterSequence_ReturnsOnlyLaterEntriesInOrder()
    {
        using var dir = new TempDataDir();
        using var store = VigilStore.Open(dir.Path, TimeProvider.System);
        store.Append([.. Enumerable.Range(0, 10).Select(i => Event("e" + i))]);
        var tail = store.ReadJournal(7);
        Assert.Equal([8L, 9L, 10L], tail.Select(e => e.Sequence));
        Assert.Equal([8L, 9L], store.ReadJournal(7, max: 2).Select(e => e.Sequence));
    }

    [Fact]
    public void Append_OnCommitted_SeesResultsInJournalOrder()
    {
        using var dir = new TempDataDir();
        using var store = VigilStore.Open(dir.Path, TimeProvider.System);
        var seen = new List<long>();
        store.Append([Event("a"), Event("b")], onCommitted: r => seen.AddRange(r.Select(x => x.Sequence)));
        Assert.Equal([1L, 2L], seen);
    }

    [Fact]
    public void AppendFeedback_WritesJournalEntryAndRecord()
    {
        using var dir = new TempDataDir();
        using var store = VigilStore.Open(dir.Path, TimeProvider.System);
        store.Append([Event("e1")]);
        long seq = store.AppendFeedback(new FeedbackAppend("alice", null, "confirm_safe", "d-1", null, "analyst", 1000, "{}"u8.ToArray()));

        Assert.Equal(2, seq);
        var entry = store.ReadJournal(1).Single();
        Assert.Equal(JournalKind.Feedback, entry.Kind);
        var record = Assert.Single(store.ReadFeedback("alice"));
        Assert.Equal(("confirm_safe", "d-1", 2L), (record.Kind, record.DecisionId, record.JournalSequence));
        Assert.Empty(store.ReadFeedback("bob"));
    }

    [Fact]
    public void Open_Database_UsesWalAndFullSync()
    {
        using var dir = new TempDataDir();
        using var store = VigilStore.Open(dir.Path, TimeProvider.System);
        store.Append([Event("e1")]);
        Assert.True(File.Exists(store.Path + "-wal"));
    }

    [Fact]
    public void Append_WithACursorWhoseWriteFails_KeepsNeitherTheEntriesNorTheCursor()
    {
        using var dir = new TempDataDir();
        using var store = VigilStore.Open(dir.Path, TimeProvider.System);
        Assert.Null(store.GetConnectorCursor("okta")); // creates the table for the trigger
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={store.Path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TRIGGER refuse BEFORE INSERT ON connector_cursors WHEN NEW.cursor = 'bad' BEGIN SELECT RAISE(ABORT, 'injected'); END";
            command.ExecuteNonQuery();
        }

        Assert.ThrowsAny<Microsoft.Data.Sqlite.SqliteException>(() => store.Append([Event("e1"), Event("e2")], cursors: [new ConnectorCursor("okta", "bad")]));
        Assert.Equal(0, store.JournalHead());
        Assert.Null(store.GetConnectorCursor("okta"));

        var results = store.Append([Event("e1"), Event("e2")], cursors: [new ConnectorCursor("okta", "good")]);
        Assert.All(results, r => Assert.False(r.Duplicate));
        Assert.Equal(2, store.JournalHead());
        Assert.Equal("good", store.GetConnectorCursor("okta"));
    }
}
