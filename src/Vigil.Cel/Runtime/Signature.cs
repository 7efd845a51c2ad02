namespace Vigil.Cel.Runtime;

/// <summary>One overload's type signature, used only by the checker (implementations dispatch on kinds themselves).</summary>
internal sealed record Signature(string Function, bool IsMember, CelType[] Params, CelType Result)
{
    /// <summary>Accepts one or more arguments of the single parameter type, or one list of them.</summary>
    public bool IsVariadic { get; init; }
}
