namespace Vigil.Server.Authzen;

/// <summary><c>options.evaluations_semantic</c> of a batch (AuthZEN 1.0, Access Evaluations API, evaluation semantics).</summary>
internal enum EvaluationsSemantic
{
    ExecuteAll,
    DenyOnFirstDeny,
    PermitOnFirstPermit,
}
