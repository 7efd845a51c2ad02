using System.Text.Json;

namespace Vigil.Lab.Simulation;

/// <summary>The user.* and labels.* fields of one identity, pre-encoded once so writing an event only copies bytes.</summary>
internal sealed class Identity
{
    public Identity(IdentityKind kind, string id, string name, string? email, string[] roles, string group, string department, string peerGroup)
    {
        Kind = kind;
        Id = id;
        Name = name;
        Email = email;
        Roles = roles;
        Department = department;
        PeerGroup = peerGroup;
        EncodedId = JsonEncodedText.Encode(id, EcsWriter.Encoder);
        EncodedName = JsonEncodedText.Encode(name, EcsWriter.Encoder);
        EncodedEmail = email is null ? null : JsonEncodedText.Encode(email, EcsWriter.Encoder);
        EncodedRoles = roles.Select(r => JsonEncodedText.Encode(r, EcsWriter.Encoder)).ToArray();
        EncodedGroup = JsonEncodedText.Encode(group, EcsWriter.Encoder);
        EncodedDepartment = JsonEncodedText.Encode(department, EcsWriter.Encoder);
        EncodedPeerGroup = JsonEncodedText.Encode(peerGroup, EcsWriter.Encoder);
        UserJson = EcsWriter.Render(w =>
        {
            w.WriteString("id", EncodedId);
            w.WriteString("name", EncodedName);
            if (EncodedEmail is { } e)
            {
                w.WriteString("email", e);
            }

            w.WriteStartArray("roles");
            foreach (var role in EncodedRoles)
            {
                w.WriteStringValue(role);
            }

            w.WriteEndArray();
            if (department.Length > 0)
            {
                w.WriteStartObject("group");
                w.WriteString("name", EncodedGroup);
                w.WriteEndObject();
            }
        });
        EncodedKind = kind switch
        {
            IdentityKind.Human => EcsWriter.KindHuman,
            IdentityKind.Workload => EcsWriter.KindWorkload,
            _ => EcsWriter.KindAgent,
        };
    }

    public IdentityKind Kind { get; }

    public string Id { get; }

    public string Name { get; }

    public string? Email { get; }

    public string[] Roles { get; }

    public string Department { get; }

    public string PeerGroup { get; }

    /// <summary>False for usernames that exist only in an attacker's combo list.</summary>
    public bool Exists { get; init; } = true;

    public Identity? Manager { get; set; }

    public JsonEncodedText EncodedId { get; }

    public JsonEncodedText EncodedName { get; }

    public JsonEncodedText? EncodedEmail { get; }

    public JsonEncodedText[] EncodedRoles { get; }

    public JsonEncodedText EncodedGroup { get; }

    public JsonEncodedText EncodedDepartment { get; }

    public JsonEncodedText EncodedPeerGroup { get; }

    public JsonEncodedText EncodedKind { get; }

    /// <summary>The whole ECS <c>user</c> object, rendered once: it never changes during a run.</summary>
    public byte[] UserJson { get; }

    /// <summary>A username from a combo list: user.id and user.name only, no directory attributes.</summary>
    public static Identity Unknown(string username) =>
        new(IdentityKind.Human, username, username, null, [], string.Empty, string.Empty, string.Empty) { Exists = false };
}
