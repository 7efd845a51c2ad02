using System.Collections.Frozen;

namespace Vigil.Core.Telemetry;

/// <summary>
/// Maps <c>event.action</c> to an <see cref="EventKind"/>. Vigil's canonical actions come first; the rest are the
/// spellings identity providers and ECS integrations commonly use. Matching ignores case, '_' and ' ' (read as '-').
/// When the action is unknown, <c>event.category</c> and <c>event.type</c> decide (see <see cref="FromCategories"/>).
/// </summary>
internal static class EventKindVocabulary
{
    private static readonly FrozenDictionary<string, EventKind> Actions = new Dictionary<string, EventKind>(StringComparer.Ordinal)
    {
        ["sign-in"] = EventKind.SignIn,
        ["signin"] = EventKind.SignIn,
        ["login"] = EventKind.SignIn,
        ["log-in"] = EventKind.SignIn,
        ["logon"] = EventKind.SignIn,
        ["user-login"] = EventKind.SignIn,
        ["logged-in"] = EventKind.SignIn,
        ["authentication"] = EventKind.SignIn,
        ["authenticate"] = EventKind.SignIn,
        ["user-authentication"] = EventKind.SignIn,
        ["mfa"] = EventKind.Mfa,
        ["mfa-prompt"] = EventKind.Mfa,
        ["mfa-challenge"] = EventKind.Mfa,
        ["mfa-verify"] = EventKind.Mfa,
        ["multi-factor-authentication"] = EventKind.Mfa,
        ["push-notification"] = EventKind.Mfa,
        ["second-factor"] = EventKind.Mfa,
        ["token-use"] = EventKind.TokenUse,
        ["token-refresh"] = EventKind.TokenUse,
        ["refresh-token"] = EventKind.TokenUse,
        ["session-use"] = EventKind.TokenUse,
        ["session-refresh"] = EventKind.TokenUse,
        ["token-exchange"] = EventKind.TokenUse,
        ["resource-access"] = EventKind.ResourceAccess,
        ["access"] = EventKind.ResourceAccess,
        ["file-access"] = EventKind.ResourceAccess,
        ["file-read"] = EventKind.ResourceAccess,
        ["download"] = EventKind.ResourceAccess,
        ["file-download"] = EventKind.ResourceAccess,
        ["query"] = EventKind.ResourceAccess,
        ["app-access"] = EventKind.ResourceAccess,
        ["api-call"] = EventKind.ApiCall,
        ["api-request"] = EventKind.ApiCall,
        ["http-request"] = EventKind.ApiCall,
        ["device-posture"] = EventKind.DevicePosture,
        ["posture"] = EventKind.DevicePosture,
        ["device-check"] = EventKind.DevicePosture,
        ["privilege-change"] = EventKind.PrivilegeChange,
        ["role-granted"] = EventKind.PrivilegeChange,
        ["role-assigned"] = EventKind.PrivilegeChange,
        ["added-member-to-group"] = EventKind.PrivilegeChange,
        ["group-membership-add"] = EventKind.PrivilegeChange,
        ["user-added-to-group"] = EventKind.PrivilegeChange,
        ["privilege-grant"] = EventKind.PrivilegeChange,
        ["sign-out"] = EventKind.SignOut,
        ["signout"] = EventKind.SignOut,
        ["logout"] = EventKind.SignOut,
        ["log-out"] = EventKind.SignOut,
        ["logoff"] = EventKind.SignOut,
        ["session-end"] = EventKind.SignOut,
        ["session-revoked"] = EventKind.SignOut,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, EventKind>.AlternateLookup<ReadOnlySpan<char>> Lookup =
        Actions.GetAlternateLookup<ReadOnlySpan<char>>();

    public static EventKind FromAction(ReadOnlySpan<char> action)
    {
        if (action.IsEmpty || action.Length > 64)
        {
            return EventKind.Other;
        }

        Span<char> normal = stackalloc char[action.Length];
        for (int i = 0; i < action.Length; i++)
        {
            char c = action[i];
            normal[i] = c is '_' or ' ' ? '-' : char.ToLowerInvariant(c);
        }

        return Lookup.TryGetValue(normal, out var kind) ? kind : EventKind.Other;
    }

    /// <summary>ECS categorisation fallback (event.category / event.type allowed values).</summary>
    public static EventKind FromCategories(IReadOnlyList<string> categories, IReadOnlyList<string> types)
    {
        bool Has(IReadOnlyList<string> list, string value)
        {
            for (int i = 0; i < list.Count; i++)
            {
                if (string.Equals(list[i], value, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }

        if (Has(categories, "authentication"))
        {
            return Has(types, "end") ? EventKind.SignOut : EventKind.SignIn;
        }

        if (Has(categories, "session"))
        {
            return Has(types, "end") ? EventKind.SignOut : EventKind.TokenUse;
        }

        if (Has(categories, "iam") && (Has(types, "change") || Has(types, "group") || Has(types, "admin")))
        {
            return EventKind.PrivilegeChange;
        }

        if (Has(categories, "host") || Has(categories, "configuration"))
        {
            return EventKind.DevicePosture;
        }

        if (Has(categories, "web") || Has(categories, "api"))
        {
            return EventKind.ApiCall;
        }

        // A network connection from one host to another is an access to the destination (issue 14: host-to-host edges).
        if (Has(categories, "file") || Has(categories, "database") || Has(categories, "network"))
        {
            return EventKind.ResourceAccess;
        }

        return EventKind.Other;
    }
}
