using System.Globalization;

namespace Vigil.Enrichment.Ip;

/// <summary>
/// Thrown when one or more IP list files could not be loaded. <see cref="Errors"/> holds every problem found in
/// every file, not just the first, so an operator can fix them all in one pass.
/// </summary>
public sealed class IpListLoadException : Exception
{
    /// <summary>Creates the exception from the collected errors.</summary>
    public IpListLoadException(IReadOnlyList<IpListError> errors)
        : base(FormatMessage(errors))
    {
        Errors = errors;
    }

    /// <summary>Every bad line or missing file, in file and line order.</summary>
    public IReadOnlyList<IpListError> Errors { get; }

    private static string FormatMessage(IReadOnlyList<IpListError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        const int Shown = 20;
        var lines = errors.Take(Shown).Select(static e => "  " + e.ToString());
        string more = errors.Count > Shown
            ? string.Create(CultureInfo.InvariantCulture, $"{Environment.NewLine}  ... and {errors.Count - Shown} more")
            : string.Empty;
        return errors.Count.ToString(CultureInfo.InvariantCulture) + " problem(s) in IP list files (one address, CIDR block or 'first-last' range per line; '#' starts a comment):"
            + Environment.NewLine + string.Join(Environment.NewLine, lines) + more;
    }
}
