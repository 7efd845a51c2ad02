namespace Vigil.Core.Graph;

/// <summary>
/// The last link plausibility an identity was scored with, kept on its state so asking again about the same
/// (identity, target) before the graph changes costs nothing (a decision asked twice before its event is learned).
/// Derived and not checkpointed: valid only for the same graph at the same <see cref="AccessGraph.Version"/>.
/// </summary>
internal struct LinkMemo
{
    public AccessGraph? Graph;
    public long Version;
    public ulong Target;
    public LinkPlausibility Result;
}
