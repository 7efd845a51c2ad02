namespace Vigil.Server.Hosting;

/// <summary>The engine's writer has stopped, so nothing can be learned until a restart; answered as 503 by <see cref="EngineUnavailableHandler"/>.</summary>
internal sealed class EngineUnavailableException() : Exception("The engine writer has stopped; the service must be restarted. Journaled entries are applied at the next start.");
