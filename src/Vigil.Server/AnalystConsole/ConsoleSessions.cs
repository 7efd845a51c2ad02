using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;

namespace Vigil.Server.AnalystConsole;

/// <summary>
/// Console sessions and sign-ins in progress, in memory: a restart signs everyone out, which is the safe direction.
/// Both maps are bounded (<see cref="MaxSessions"/>, <see cref="MaxPending"/>), so a flood of sign-in starts cannot
/// grow memory; the oldest entries go first.
/// </summary>
internal sealed class ConsoleSessions(ServerOptions options)
{
    public const int MaxSessions = 10_000;
    public const int MaxPending = 10_000;
    public const string CookieName = "__Host-vigil-console";
    private static readonly TimeSpan PendingLifetime = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<string, ConsoleSession> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PendingSignIn> _pending = new(StringComparer.Ordinal);

    private long Now => options.Time.GetUtcNow().ToUnixTimeMilliseconds();

    public static string NewSecret() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Base64Url(ReadOnlySpan<byte> bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Remembers a sign-in in progress; returns its <c>state</c>.</summary>
    public string BeginSignIn(string codeVerifier, string nonce, string returnPath)
    {
        Trim(_pending, MaxPending, p => p.ExpiresAtMs);
        string state = NewSecret();
        _pending[state] = new PendingSignIn(codeVerifier, nonce, returnPath, Now + (long)PendingLifetime.TotalMilliseconds);
        return state;
    }

    /// <summary>The sign-in <paramref name="state"/> names, once: a replayed callback finds nothing.</summary>
    public PendingSignIn? TakeSignIn(string state) =>
        _pending.TryRemove(state, out var pending) && pending.ExpiresAtMs > Now ? pending : null;

    public ConsoleSession Create(ClaimsPrincipal user, string displayName, ConsoleRole role)
    {
        Trim(_sessions, MaxSessions, s => s.ExpiresAtMs);
        var session = new ConsoleSession(NewSecret(), user, displayName, role, NewSecret(), Now + (options.ConsoleSessionMinutes * 60_000L));
        _sessions[session.Id] = session;
        return session;
    }

    /// <summary>The live session with this cookie value, or null (unknown or expired).</summary>
    public ConsoleSession? Find(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > 64 || !_sessions.TryGetValue(id, out var session))
        {
            return null;
        }

        if (session.ExpiresAtMs <= Now)
        {
            _sessions.TryRemove(id, out _);
            return null;
        }

        return session;
    }

    public void End(string id) => _sessions.TryRemove(id, out _);

    public int Count => _sessions.Count;

    /// <summary>At the cap: drops what has expired, then the entries that expire soonest, so one more fits.</summary>
    private void Trim<T>(ConcurrentDictionary<string, T> map, int max, Func<T, long> expires)
    {
        if (map.Count < max)
        {
            return;
        }

        long now = Now;
        foreach (var pair in map)
        {
            if (expires(pair.Value) <= now)
            {
                map.TryRemove(pair);
            }
        }

        int excess = map.Count - max + 1;
        if (excess > 0)
        {
            foreach (var pair in map.OrderBy(p => expires(p.Value)).Take(excess).ToList())
            {
                map.TryRemove(pair);
            }
        }
    }
}
