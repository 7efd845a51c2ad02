namespace Vigil.Core.Telemetry.Formats;

/// <summary>The names of the formats as given to <c>--format</c> and the <c>format</c> query parameter.</summary>
public static class LogFormats
{
    /// <summary>Every accepted name, in the order of <see cref="LogFormat"/>.</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["auto", "ecs", "okta", "entra", "auth0", "keycloak", "google-workspace", "cloudtrail", "duo", "onelogin", "ocsf"];

    /// <summary>Reads a format name (case ignored); null or empty is <see cref="LogFormat.Auto"/>.</summary>
    public static bool TryParse(string? name, out LogFormat format)
    {
        format = LogFormat.Auto;
        if (string.IsNullOrEmpty(name))
        {
            return true;
        }

        for (int i = 0; i < Names.Count; i++)
        {
            if (string.Equals(Names[i], name, StringComparison.OrdinalIgnoreCase))
            {
                format = (LogFormat)i;
                return true;
            }
        }

        return false;
    }

    /// <summary>The name of <paramref name="format"/>.</summary>
    public static string Name(LogFormat format) => Names[(int)format];
}
