namespace Vigil.Core.Engine;

/// <summary>One node near an identity in the access graph (<see cref="VigilEngine.Neighbourhood"/>).</summary>
/// <param name="Kind">person, workload, agent, device, address, host, resource or group.</param>
/// <param name="Label">Its name as the graph keeps it (at most 128 characters): an id, a device id, an address.</param>
/// <param name="Hops">1: linked to the identity itself; 2: linked to a node at 1 hop.</param>
/// <param name="Via">The 1-hop node it is linked through (its kind and label), or null at 1 hop.</param>
/// <param name="Edge">The link in words, read from this node's side when inward ("also used it", "acts for it") and from the nearer node's when outward ("used device", "accessed").</param>
/// <param name="Outward">True when the link goes from the nearer node to this one (the identity used it); false when this node links to the nearer one (another identity on the same device, an agent acting for it).</param>
/// <param name="Taint">Taint from a risky event left at the time asked, 0..1; 0 below the graph's floor.</param>
/// <param name="LastUsedMs">When the link was last used (Unix ms).</param>
public sealed record GraphNeighbour(string Kind, string Label, int Hops, string? Via, string Edge, bool Outward, float Taint, long LastUsedMs);
