using System.Globalization;
using System.Security.Cryptography;

namespace Vigil.Server.Hosting;

/// <summary>
/// Decision ids: a random per-process prefix and a counter, so ids are unique across restarts without a random
/// draw per decision (and without <c>Guid.NewGuid</c>, banned for determinism elsewhere). The counter is zero-padded
/// so ids of one process sort in issue order and the audit log's decision-id index grows at its right edge.
/// </summary>
internal sealed class DecisionIds
{
    private readonly string _prefix = RandomNumberGenerator.GetHexString(10, lowercase: true);
    private long _counter;

    public string Next()
    {
        long n = Interlocked.Increment(ref _counter);
        return string.Create(CultureInfo.InvariantCulture, $"{_prefix}-{n:x12}");
    }
}
