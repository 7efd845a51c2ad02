using Vigil.Core.Baselines;
using Vigil.Core.Statistics;

namespace Vigil.Core.Detection;

/// <summary>
/// The behavioural likelihood ratio of Freeman et al., "Who Are You? A Statistical Approach to Measuring User
/// Authenticity" (NDSS 2016): how much more likely a feature value is for an outsider (the population, the
/// attacker's view, eq. 1) than for this identity. Values new to the identity back off along the feature's hierarchy
/// (IP prefix -> ASN -> country; browser version -> browser -> OS -> device type), with Witten-Bell smoothing: an
/// identity that often shows new values (a mobile user) pays little for one more. An identity with no history
/// backs off to its peer group, and a peer group to the tenant, so cold start is neutral rather than alarming.
/// </summary>
internal static class Likelihood
{
    // log10 of p(chain | population) / p(chain | identity) for the chain root..leaf (leaf walks Parent() up to root);
    // mostUnusual is the level whose factor was largest, for the explanation.
    public static double LogRatio(in FeatureHashes f, Feature root, Feature leaf, BehaviourProfile identity,
        BehaviourProfile peer, BehaviourProfile tenant, long now, out Feature mostUnusual)
    {
        // Walk the chain root -> leaf; Parent() links go leaf -> root, so collect them first.
        Span<int> chain = stackalloc int[4];
        int length = 0;
        for (int i = (int)leaf; i >= 0 && length < chain.Length; i = FeatureSet.Parent((Feature)i))
        {
            chain[length++] = i;
            if (i == (int)root)
            {
                break;
            }
        }

        mostUnusual = root;
        double logRatio = 0, worst = double.NegativeInfinity;
        ulong parentKey = 0;
        double identityParentCount = 0;
        for (int level = length - 1; level >= 0; level--)
        {
            var feature = (Feature)chain[level];
            ulong key = f[(int)feature];
            if (key == 0)
            {
                break;
            }

            var mine = identity[feature];
            double identityCount = mine.Count(key, now, out double total);
            double distinct = Math.Max(1, mine.Distinct);
            double term;
            if (level == length - 1)
            {
                // Root: population p_T(v) vs identity p_u(v), where p_u backs off to the peer group.
                double tenantP = RootProbability(tenant[feature], key, now);
                var peers = peer[feature];
                double peerCount = peers.Count(key, now, out double peerTotal);
                double peerP = (peerCount + (Math.Max(1, peers.Distinct) * tenantP)) / (peerTotal + Math.Max(1, peers.Distinct));
                double scale = total > EvidenceCap ? EvidenceCap / total : 1;
                double identityP = ((identityCount * scale) + (distinct * peerP)) / ((total * scale) + distinct);
                term = Math.Log10(tenantP / identityP);
            }
            else if (identityParentCount < 0.5)
            {
                // The parent value is already new to this identity: the child's novelty is implied, not extra evidence.
                term = 0;
            }
            else
            {
                // Conditional: p_u(child | parent) with Witten-Bell mass d/(c+d) for new children, spread as the population does.
                double q = Conditional(tenant[feature], key, tenant[(Feature)chain[level + 1]], parentKey, now);
                double scale = Math.Min(1, EvidenceCap / identityParentCount);
                double child = Math.Min(identityCount, identityParentCount) * scale;
                double identityP = (child + (distinct * q)) / ((identityParentCount * scale) + distinct);
                term = Math.Log10(q / identityP);
            }

            logRatio += term;
            if (term > worst)
            {
                worst = term;
                mostUnusual = feature;
            }

            parentKey = key;
            identityParentCount = identityCount;
        }

        return logRatio;
    }

    /// <summary>log10 ratio for a flat feature (no hierarchy), e.g. the device id.</summary>
    public static double LogRatioFlat(ulong key, DecayedFrequencySketch identity, DecayedFrequencySketch tenant, long now)
    {
        double tenantP = RootProbability(tenant, key, now);
        double distinct = Math.Max(1, identity.Distinct);
        double count = identity.Count(key, now, out double total);
        double identityP = (count + (distinct * tenantP)) / (total + distinct);
        return Math.Log10(tenantP / identityP);
    }

    /// <summary>
    /// Evidence saturates: past this many (decayed) observations of a parent value, more history does not make a new
    /// child value more suspicious. Without it an identity with thousands of sign-ins from one ISP would be punished
    /// hundreds-fold for an ordinary DHCP renumbering.
    /// </summary>
    internal const double EvidenceCap = 40;

    private static double RootProbability(DecayedFrequencySketch tenant, ulong key, long now)
    {
        double count = tenant.Count(key, now, out double total);
        return (count + 0.5) / (total + (0.5 * Math.Max(8, tenant.Capacity)));
    }

    private static double Conditional(DecayedFrequencySketch children, ulong child, DecayedFrequencySketch parents, ulong parent, long now)
    {
        double parentCount = parents.Count(parent, now);
        return Math.Min(1.0, (children.Count(child, now) + 0.5) / (parentCount + 1.0));
    }
}
