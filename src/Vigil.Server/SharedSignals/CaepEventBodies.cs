using System.Text.Json;

namespace Vigil.Server.SharedSignals;

/// <summary>
/// The bodies of the CAEP events Vigil sends for its own decisions (CAEP 1.0, sections 3.1 and 3.6), written once for
/// the decision path's signals and the continuous re-evaluation, which differ only in why they say it happened.
/// </summary>
internal static class CaepEventBodies
{
    /// <summary>What the person is told when a decision of Vigil's policy ends their session.</summary>
    public const string SessionEndedForUser = "Your session was ended for your account's safety. Sign in again.";

    /// <summary><c>session-revoked</c> initiated by the policy.</summary>
    public static void SessionRevoked(Utf8JsonWriter w, long timeMs, string reasonAdmin)
    {
        w.WriteString("initiating_entity", "policy");
        w.WriteNumber("event_timestamp", timeMs / 1000);
        Reasons(w, reasonAdmin, SessionEndedForUser);
    }

    /// <summary><c>assurance-level-change</c>: the policy now needs more than the session's current level.</summary>
    public static void AssuranceLevelDecreased(Utf8JsonWriter w, string? currentAcr, long timeMs, string reasonAdmin)
    {
        w.WriteString("namespace", "Custom");
        w.WriteString("current_level", currentAcr ?? "unknown");
        w.WriteString("change_direction", "decrease");
        w.WriteString("initiating_entity", "policy");
        w.WriteNumber("event_timestamp", timeMs / 1000);
        Reasons(w, reasonAdmin, "Please confirm it is you with a stronger sign-in.");
    }

    private static void Reasons(Utf8JsonWriter w, string reasonAdmin, string reasonUser)
    {
        w.WriteStartObject("reason_admin");
        w.WriteString("en", reasonAdmin);
        w.WriteEndObject();
        w.WriteStartObject("reason_user");
        w.WriteString("en", reasonUser);
        w.WriteEndObject();
    }
}
