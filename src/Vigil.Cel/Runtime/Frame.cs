namespace Vigil.Cel.Runtime;

/// <summary>Per-evaluation state passed by reference to compiled closures: the caller's activation and comprehension locals.</summary>
internal readonly struct Frame(ICelActivation activation, CelValue[] locals)
{
    public readonly ICelActivation Activation = activation;
    public readonly CelValue[] Locals = locals;
}
