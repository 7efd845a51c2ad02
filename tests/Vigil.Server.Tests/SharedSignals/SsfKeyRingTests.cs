using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Vigil.Server.SharedSignals;

namespace Vigil.Server.Tests.SharedSignals;

public sealed class SsfKeyRingTests
{
    [Fact]
    public void Current_KeyDueForRotation_SuccessorPublishedBeforeItSignsAndOldKeyKeptForTheOverlap()
    {
        string dir = TempDir.Create();
        try
        {
            var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
            var settings = new SsfSettings { KeyRotationDays = 90, KeyOverlapHours = 24 };
            using var database = SsfDatabase.Open(dir);
            using var ring = new SsfKeyRing(database, settings, new ServerOptions { DataDirectory = dir, Time = clock }, NullLogger<SsfKeyRing>.Instance);

            string first = ring.Current().Kid;
            Assert.Equal([first], ring.PublishedKids());

            clock.Advance(TimeSpan.FromDays(90));
            Assert.Equal(first, ring.Current().Kid); // the successor is published, but does not sign yet
            var published = ring.PublishedKids();
            Assert.Equal(2, published.Count);
            string second = published[1];

            clock.Advance(TimeSpan.FromHours(24));
            Assert.Equal(second, ring.Current().Kid); // published a full overlap: now it signs
            Assert.Equal([first, second], ring.PublishedKids()); // the old key is still there for SETs in flight

            clock.Advance(TimeSpan.FromHours(24));
            Assert.Equal([second], ring.PublishedKids());

            // The ring comes back from the database as it was.
            using var reopened = new SsfKeyRing(database, settings, new ServerOptions { DataDirectory = dir, Time = clock }, NullLogger<SsfKeyRing>.Instance);
            Assert.Equal(second, reopened.Current().Kid);
        }
        finally
        {
            TempDir.Delete(dir);
        }
    }
}
