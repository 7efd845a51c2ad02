using Vigil.Core.Policies;

namespace Vigil.Cli.Commands;

/// <summary>One segment's bands now and as proposed, with the challenge and detection rates the proposal gives on the replayed traffic.</summary>
internal sealed record SegmentProposal(string Segment, long Legitimate, long Attacks, RiskBands Current, RiskBands Proposed, double ChallengeRate, double Detection, bool Changed);
