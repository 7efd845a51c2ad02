namespace Vigil.Core.Engine;

/// <summary>An identity's place in the access graph, 1 and 2 hops out, bounded (<see cref="VigilEngine.Neighbourhood"/>).</summary>
/// <param name="Kind">The identity node's kind: person, workload or agent.</param>
/// <param name="Taint">The identity's own taint at the time asked, 0..1.</param>
/// <param name="Nodes">Its neighbours: 1 hop first, each hop in the graph's stored order (so the same on every call).</param>
/// <param name="Omitted">Neighbours found beyond the cap and left out.</param>
public sealed record GraphNeighbourhood(string Kind, float Taint, IReadOnlyList<GraphNeighbour> Nodes, int Omitted);
