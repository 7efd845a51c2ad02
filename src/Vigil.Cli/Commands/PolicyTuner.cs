using System.Globalization;
using Vigil.Core.Pipeline;
using Vigil.Core.Policies;
using Vigil.Core.Telemetry;
using YamlDotNet.RepresentationModel;

namespace Vigil.Cli.Commands;

/// <summary>
/// <c>vigil policy tune</c> (issue 13, item 5): risk bands per segment from recent scored traffic. For each segment the
/// policy routes events to, the step-up band starts at the lowest score that challenges at most the target share of its
/// legitimate access attempts (events without <c>labels.attack_type</c>; every event when the stream has no labels),
/// and the deny band at the lowest that denies at most a tenth of that. With labels, it shows the share of attack events
/// each choice would challenge. Segments with too little traffic keep their bands.
/// </summary>
internal sealed class PolicyTuner(double targetChallengeRate, int minimumEvents)
{
    private readonly Dictionary<string, (long[] Legitimate, long[] Attack)> _segments = new(StringComparer.Ordinal);

    public void Add(in ScoredEvent s)
    {
        var e = s.Event;
        if (!(e.IsAccessAttempt || e.Kind == EventKind.Mfa) || s.Decision.Segment is not { } segment)
        {
            return;
        }

        if (!_segments.TryGetValue(segment, out var counts))
        {
            _segments[segment] = counts = (new long[102], new long[102]);
        }

        int score = Math.Clamp(s.Assessment.Score, 0, 100);
        (e.AttackType is null ? counts.Legitimate : counts.Attack)[score]++;
    }

    /// <summary>The proposal per segment of <paramref name="policy"/>, in its order.</summary>
    public IReadOnlyList<SegmentProposal> Propose(CompiledPolicy policy)
    {
        var proposals = new List<SegmentProposal>();
        foreach (var segment in policy.Document.Segments)
        {
            var current = segment.Bands ?? RiskBands.For(segment.Sensitivity);
            if (!_segments.TryGetValue(segment.Name, out var counts) || counts.Legitimate.Sum() < minimumEvents)
            {
                long seen = counts.Legitimate?.Sum() ?? 0;
                proposals.Add(new SegmentProposal(segment.Name, seen, counts.Attack?.Sum() ?? 0, current, current, Rate(counts.Legitimate, current.StepUpAt), Rate(counts.Attack, current.StepUpAt), Changed: false));
                continue;
            }

            int step = LowestWithin(counts.Legitimate, targetChallengeRate, 1);
            int deny = Math.Max(step, LowestWithin(counts.Legitimate, targetChallengeRate / 10, step));
            int limit = current.LimitAt > 100 ? current.LimitAt : Math.Clamp(current.LimitAt, step, deny);
            deny = Math.Max(deny, Math.Min(limit, 101));
            var proposed = current with { StepUpAt = step, LimitAt = limit, DenyAt = deny };
            proposals.Add(new SegmentProposal(segment.Name, counts.Legitimate.Sum(), counts.Attack.Sum(), current, proposed, Rate(counts.Legitimate, step), Rate(counts.Attack, step), Changed: true));
        }

        return proposals;
    }

    // The lowest threshold t >= from (101: off) with at most rate of the events scoring t or more.
    private static int LowestWithin(long[] histogram, double rate, int from)
    {
        long total = histogram.Sum();
        long above = 0;
        int best = 101;
        for (int t = 100; t >= from; t--)
        {
            above += histogram[t];
            if (above > rate * total)
            {
                break;
            }

            best = t;
        }

        return best;
    }

    private static double Rate(long[]? histogram, int threshold)
    {
        if (histogram is null || histogram.Sum() == 0)
        {
            return double.NaN;
        }

        long above = 0;
        for (int t = Math.Min(threshold, 101); t <= 100; t++)
        {
            above += histogram[t];
        }

        return above / (double)histogram.Sum();
    }

    /// <summary>The draft: <paramref name="yaml"/> with a new version and each changed segment's bands set.</summary>
    public static string Draft(string yaml, string version, IReadOnlyList<SegmentProposal> proposals)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        root.Children[new YamlScalarNode("version")] = new YamlScalarNode(version);
        var segments = (YamlSequenceNode)root.Children[new YamlScalarNode("segments")];
        foreach (var node in segments.Children.OfType<YamlMappingNode>())
        {
            string name = ((YamlScalarNode)node.Children[new YamlScalarNode("name")]).Value!;
            var proposal = proposals.FirstOrDefault(p => p.Segment == name);
            if (proposal is null || !proposal.Changed)
            {
                continue;
            }

            if (!node.Children.TryGetValue(new YamlScalarNode("bands"), out var bandsNode) || bandsNode is not YamlMappingNode bands)
            {
                node.Children[new YamlScalarNode("bands")] = bands = [];
            }

            bands.Children[new YamlScalarNode("step_up_at")] = new YamlScalarNode(proposal.Proposed.StepUpAt.ToString(CultureInfo.InvariantCulture));
            bands.Children[new YamlScalarNode("limit_at")] = new YamlScalarNode(proposal.Proposed.LimitAt.ToString(CultureInfo.InvariantCulture));
            bands.Children[new YamlScalarNode("deny_at")] = new YamlScalarNode(proposal.Proposed.DenyAt.ToString(CultureInfo.InvariantCulture));
        }

        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        stream.Save(writer, assignAnchors: false);
        return writer.ToString();
    }
}
