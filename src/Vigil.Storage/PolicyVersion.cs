namespace Vigil.Storage;

/// <summary>One version of the policy: the rules document and the policy data document it was stored with.</summary>
/// <param name="Version">1, 2, ...: the highest is in force.</param>
/// <param name="Document">The rules document text as submitted.</param>
/// <param name="Author">Who submitted it (the caller's subject or key name).</param>
/// <param name="CreatedMs">When, Unix ms.</param>
/// <param name="Comment">Why, as the author wrote it.</param>
/// <param name="Data">
/// The policy data document (subjects and resources, YAML or JSON text as submitted) laid over the rules document's own
/// <c>data:</c>; null when the version has none.
/// </param>
public sealed record PolicyVersion(long Version, string Document, string Author, long CreatedMs, string? Comment, string? Data = null);
