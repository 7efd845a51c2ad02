namespace Vigil.Server.Connectors;

/// <summary>One page of vendor records as the API sent them.</summary>
/// <param name="Records">A JSON array of the vendor's records (Okta's body; Graph's <c>value</c>).</param>
/// <param name="Count">How many records the array holds.</param>
/// <param name="Cursor">Where the next call starts; saved once the records are journaled.</param>
/// <param name="CaughtUp">Nothing newer right now (an empty Okta page, the end of a Graph sweep): poll again after the interval.</param>
/// <param name="NotBefore">The rate-limit window is used up: no request before this time (Okta <c>X-Rate-Limit-Reset</c>).</param>
internal sealed record LogPage(ReadOnlyMemory<byte> Records, int Count, string Cursor, bool CaughtUp, DateTimeOffset? NotBefore);
