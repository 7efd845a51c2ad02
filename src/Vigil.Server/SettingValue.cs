using System.Globalization;

namespace Vigil.Server;

/// <summary>The value of the setting being read (<c>--name value</c> or <c>--name=value</c>), with its problems collected.</summary>
internal sealed class SettingValue(string name, Func<string?> next, List<string> problems)
{
    public string Name { get; } = name;

    /// <summary>The value; a missing one is a problem named after the setting.</summary>
    public string Text()
    {
        string? value = next();
        if (value is null)
        {
            problems.Add($"{Name} needs a value.");
        }

        return value ?? "";
    }

    public int Int()
    {
        string text = Text();
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n))
        {
            problems.Add($"{Name} '{text}' is not a whole number.");
        }

        return n;
    }

    public void Problem(string problem) => problems.Add(problem);
}
