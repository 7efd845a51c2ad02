namespace Vigil.Core.Engine;

/// <summary>Which model families an engine runs; all by default. The evaluation lab runs subsets as reference models.</summary>
[Flags]
public enum DetectorFamilies
{
    /// <summary>None.</summary>
    None = 0,

    /// <summary>The behavioural likelihood of Freeman et al. (NDSS 2016): unfamiliar sign-in properties.</summary>
    Likelihood = 1,

    /// <summary>Rules with evidence: travel, credential attacks, MFA fatigue, source reputation, device posture, session replay.</summary>
    Rules = 2,

    /// <summary>Behavioural baselines beyond sign-in properties: unusual hour, resources, volume, workload novelty, rate.</summary>
    Behaviour = 4,

    /// <summary>Multivariate outliers (half-space trees).</summary>
    Outliers = 8,

    /// <summary>Identity risk carried over time and feedback.</summary>
    IdentityRisk = 16,

    /// <summary>Streaming edge anomaly on the graph of who reaches what (MIDAS-R, Bhatia et al. 2020): bursts on an edge or an endpoint.</summary>
    Graph = 32,

    /// <summary>
    /// Gradient-boosted trees trained on labelled compromises (docs/supervised.md), stacked on the other families'
    /// outputs. In <see cref="All"/>, but inert until <see cref="VigilEngineOptions.SupervisedModel"/> names a model.
    /// </summary>
    Supervised = 64,

    /// <summary>
    /// The meaning of free text (docs/language.md): routes, commands and agents' tool calls against the identity's and
    /// its peers' usual texts and against the agent's task. Runs only when <see cref="VigilEngineOptions.TextEmbedder"/> is set.
    /// </summary>
    Language = 128,

    /// <summary>Everything.</summary>
    All = Likelihood | Rules | Behaviour | Outliers | IdentityRisk | Graph | Supervised | Language,
}
