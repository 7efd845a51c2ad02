namespace Vigil.Server.Security;

/// <summary>
/// Endpoint metadata: the scope a caller needs (<see cref="Scopes"/>), or only that there is an authenticated caller
/// when <see cref="Scope"/> is null (the route then checks the caller itself, e.g. the identity view: own identity or
/// admin). Read by <see cref="ScopeAuthorization"/>; set with <see cref="SecurityExtensions.RequireScope"/> and
/// <see cref="SecurityExtensions.RequireCaller"/>.
/// </summary>
internal sealed record RequiredScope(string? Scope);
