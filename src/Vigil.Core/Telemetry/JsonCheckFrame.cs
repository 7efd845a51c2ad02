namespace Vigil.Core.Telemetry;

/// <summary>
/// An open object or array while <see cref="JsonInputCheck"/> walks a document: objects number their names from
/// <paramref name="FirstName"/> and remember the last one (for the path); arrays count their items.
/// </summary>
internal readonly record struct JsonCheckFrame(bool IsObject, int Serial, int FirstName, int LastName = -1, int Items = 0);
