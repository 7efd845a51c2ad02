using System.Globalization;
using Vigil.Core.Scoring;

namespace Vigil.Server.AnalystConsole;

/// <summary>
/// Where an identity's risk stood 24 hours and 7 days ago, for the risky-identities list. The engine keeps the risk
/// now, not its history, so the past comes from the identity's decisions in the audit log: the level of its newest
/// decision at least 24 h (7 days) old, and the highest decision score of each of the last 7 days. Only the newest
/// <see cref="Records"/> decisions are read (the page's cost stays bounded for a busy identity), so a level older than
/// they reach is unknown (null), not "none".
/// </summary>
/// <param name="DayAgo">The level 24 h ago, or null when no decision read is that old.</param>
/// <param name="WeekAgo">The level 7 days ago, or null.</param>
/// <param name="DailyMax">The highest decision score of each of the last 7 days, oldest first; -1 for a day without one.</param>
internal sealed record IdentityTrend(RiskLevel? DayAgo, RiskLevel? WeekAgo, IReadOnlyList<int> DailyMax)
{
    /// <summary>Decisions read per identity.</summary>
    public const int Records = 100;

    public const int Days = 7;

    private const long DayMs = 86_400_000L;

    /// <summary>The trend from <paramref name="newestFirst"/> (one identity's decisions in its tenant, newest first) at <paramref name="nowMs"/>.</summary>
    public static IdentityTrend From(IReadOnlyList<DecisionRow> newestFirst, long nowMs)
    {
        RiskLevel? dayAgo = null, weekAgo = null;
        var daily = new int[Days];
        Array.Fill(daily, -1);
        foreach (var d in newestFirst)
        {
            if (ParseLevel(d.Level) is not { } level)
            {
                continue; // an alert action's record, not a decision
            }

            long age = nowMs - d.TimeMs;
            if (age >= DayMs)
            {
                dayAgo ??= level;
            }

            if (age >= Days * DayMs)
            {
                weekAgo ??= level;
            }

            if (age >= 0 && age < Days * DayMs)
            {
                int day = Days - 1 - (int)(age / DayMs);
                daily[day] = Math.Max(daily[day], d.Score);
            }
        }

        return new IdentityTrend(dayAgo, weekAgo, daily);
    }

    /// <summary>An arrow from the level then to the level now: "↑" riskier, "↓" less risky, "→" the same, "" unknown.</summary>
    public static string Arrow(RiskLevel? then, RiskLevel now) =>
        then is not { } t ? "" : now > t ? "↑" : now < t ? "↓" : "→";

    /// <summary>Words for <see cref="Arrow"/>, for screen readers and the tooltip.</summary>
    public static string Words(RiskLevel? then, RiskLevel now, string when) =>
        then is not { } t ? $"no decision from {when} ago among its newest {Records}"
        : now > t ? $"up from {DecisionLevel(t)} {when} ago"
        : now < t ? $"down from {DecisionLevel(t)} {when} ago"
        : $"{DecisionLevel(t)} {when} ago too";

    /// <summary>Writes the trend cell: arrows against 24 h and 7 days ago, and a 7-day sparkline of the daily highest score.</summary>
    public void Render(Html body, RiskLevel now)
    {
        string day = Words(DayAgo, now, "24 h"), week = Words(WeekAgo, now, "7 days");
        body.Raw("<span class=\"trend\"><span").Attr("title", day).Raw(">24 h ").Text(Arrow(DayAgo, now) is { Length: > 0 } a ? a : "–").Raw("</span> <span")
            .Attr("title", week).Raw(">7 d ").Text(Arrow(WeekAgo, now) is { Length: > 0 } b ? b : "–").Raw("</span><span class=\"visually-hidden\">: ").Text(day).Raw("; ").Text(week).Raw(".</span></span>");
        // Presentation attributes, not style attributes: the Content-Security-Policy forbids inline style.
        string alt = "Highest decision score per day, last 7 days: " + string.Join(", ", DailyMax.Select(v => v < 0 ? "none" : v.ToString(CultureInfo.InvariantCulture)));
        body.Raw(" <svg class=\"spark\" role=\"img\" width=\"70\" height=\"18\" viewBox=\"0 0 70 18\"").Attr("aria-label", alt).Raw("><title>").Text(alt).Raw("</title>");
        for (int i = 0; i < DailyMax.Count; i++)
        {
            int v = DailyMax[i];
            double h = v < 0 ? 1 : Math.Max(2, v / 100.0 * 16);
            body.Raw(string.Create(CultureInfo.InvariantCulture, $"<rect class=\"{(v < 0 ? "spark-none" : "spark-bar")}\" x=\"{(i * 10) + 1}\" y=\"{18 - h:0.#}\" width=\"8\" height=\"{h:0.#}\"/>"));
        }

        body.Raw("</svg>");
    }

    private static RiskLevel? ParseLevel(string text) => text switch
    {
        "none" => RiskLevel.None,
        "low" => RiskLevel.Low,
        "medium" => RiskLevel.Medium,
        "high" => RiskLevel.High,
        "critical" => RiskLevel.Critical,
        _ => null,
    };

    private static string DecisionLevel(RiskLevel level) => Authzen.DecisionMapper.LevelText(level);
}
