using Vigil.Core.Decisions;

namespace Vigil.Server.Policies;

/// <summary>A policy in force and the stored version it was built from (0: the shipped default), swapped as one reference.</summary>
internal sealed record PolicyState(IDecisionPolicy Policy, long Version);
