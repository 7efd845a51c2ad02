using System.Text.Json;

namespace Vigil.Server.Authzen;

/// <summary>One access question: subject, action, resource and the optional context (AuthZEN 1.0, Access Evaluation API request).</summary>
internal sealed record AuthzenEvaluation(AuthzenEntity Subject, AuthzenAction Action, AuthzenEntity Resource, JsonElement Context);
