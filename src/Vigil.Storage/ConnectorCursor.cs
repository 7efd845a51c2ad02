namespace Vigil.Storage;

/// <summary>A pull connector's position, saved in the same transaction as the page's journal entries.</summary>
public readonly record struct ConnectorCursor(string Connector, string Cursor);
