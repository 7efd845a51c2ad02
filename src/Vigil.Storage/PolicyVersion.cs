namespace Vigil.Storage;

/// <summary>One version of the policy document.</summary>
/// <param name="Version">1, 2, ...: the highest is in force.</param>
/// <param name="Document">The document text as submitted.</param>
/// <param name="Author">Who submitted it (the caller's subject or key name).</param>
/// <param name="CreatedMs">When, Unix ms.</param>
/// <param name="Comment">Why, as the author wrote it.</param>
public sealed record PolicyVersion(long Version, string Document, string Author, long CreatedMs, string? Comment);
