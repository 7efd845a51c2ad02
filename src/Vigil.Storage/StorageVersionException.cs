namespace Vigil.Storage;

/// <summary>
/// The database was written by a newer Vigil (its schema version is above what this release knows): refused before
/// anything is written to it. The message says which file, which versions, and what to do.
/// </summary>
public sealed class StorageVersionException(string message) : InvalidOperationException(message);
