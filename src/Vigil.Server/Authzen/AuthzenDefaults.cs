using System.Text.Json;

namespace Vigil.Server.Authzen;

/// <summary>The top-level subject, action, resource and context of a batch: each item replaces a part whole when it gives its own (AuthZEN 1.0, Access Evaluations API, default values).</summary>
internal sealed record AuthzenDefaults(AuthzenEntity? Subject, AuthzenAction? Action, AuthzenEntity? Resource, JsonElement Context);
