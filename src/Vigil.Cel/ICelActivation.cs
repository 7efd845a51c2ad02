namespace Vigil.Cel;

/// <summary>
/// Supplies variable values to an evaluation. Names are resolved to slots when the environment is
/// declared (<see cref="CelEnvironment.Declare"/>), so a lookup is an array index: no strings, no allocation.
/// </summary>
public interface ICelActivation
{
    /// <summary>Returns the value bound to <paramref name="slot"/>, or false when unbound (an unbound variable evaluates to an error).</summary>
    bool TryResolve(int slot, out CelValue value);
}
