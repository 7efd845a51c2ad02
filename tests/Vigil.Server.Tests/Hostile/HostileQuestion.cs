namespace Vigil.Server.Tests.Hostile;

/// <summary>The parts of a generated AuthZEN question, each as JSON text.</summary>
internal sealed record Q(string Subject, string Action, string Resource, string Context);
