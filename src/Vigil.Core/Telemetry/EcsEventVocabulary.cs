namespace Vigil.Core.Telemetry;

/// <summary>Public access to the action vocabulary, for readers of other formats (CSV) that name actions in words.</summary>
public static class EcsEventVocabulary
{
    /// <summary>The kind an <c>event.action</c> value names (<see cref="EventKind.Other"/> when unknown).</summary>
    public static EventKind KindOf(string action) => EventKindVocabulary.FromAction(action);
}
