namespace Vigil.Cel;

/// <summary>
/// A reusable, array-backed activation for one <see cref="CelEnvironment"/>. Set values once per request
/// and evaluate any number of programs; not thread-safe (use one per request or thread).
/// </summary>
public sealed class CelActivation : ICelActivation
{
    private readonly CelEnvironment _environment;
    private readonly CelValue[] _values;
    private readonly bool[] _bound;

    /// <summary>Creates an empty activation for <paramref name="environment"/>.</summary>
    public CelActivation(CelEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        _environment = environment;
        _values = new CelValue[environment.SlotCount];
        _bound = new bool[environment.SlotCount];
    }

    /// <summary>Binds a value by slot (see <see cref="CelEnvironment.SlotOf"/>).</summary>
    public CelActivation Set(int slot, CelValue value)
    {
        _values[slot] = value;
        _bound[slot] = true;
        return this;
    }

    /// <summary>Binds a value by declared name.</summary>
    /// <exception cref="ArgumentException">The name was not declared.</exception>
    public CelActivation Set(string name, CelValue value) => Set(_environment.SlotOf(name), value);

    /// <summary>Unbinds every variable.</summary>
    public void Clear()
    {
        Array.Clear(_values);
        Array.Clear(_bound);
    }

    /// <inheritdoc/>
    public bool TryResolve(int slot, out CelValue value)
    {
        if ((uint)slot < (uint)_values.Length && _bound[slot])
        {
            value = _values[slot];
            return true;
        }

        value = default;
        return false;
    }
}
