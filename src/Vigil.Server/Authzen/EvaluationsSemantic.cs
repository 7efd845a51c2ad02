namespace Vigil.Server.Authzen;

/// <summary><c>options.evaluations_semantic</c> of a batch (AuthZEN 1.0 section 7.1.2).</summary>
internal enum EvaluationsSemantic
{
    ExecuteAll,
    DenyOnFirstDeny,
    PermitOnFirstPermit,
}
