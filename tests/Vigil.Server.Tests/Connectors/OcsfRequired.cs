using System.Text.Json;

namespace Vigil.Server.Tests.Connectors;

/// <summary>
/// The attributes OCSF 1.x requires of the classes Vigil exports, as the schema (github.com/ocsf/ocsf-schema) lists
/// them with <c>"requirement": "required"</c>, written out here so a document missing one fails a test.
/// </summary>
internal static class OcsfRequired
{
    /// <summary>
    /// base_event.json with the classification and occurrence traits: activity_id, category_uid, class_uid,
    /// severity_id, time, type_uid, metadata; metadata.json: product, version; product.json: name (vendor_name was
    /// the required one in 1.0 to 1.3, so both).
    /// </summary>
    public static readonly string[] Base =
        ["activity_id", "category_uid", "class_uid", "severity_id", "time", "type_uid", "metadata", "metadata.version", "metadata.product", "metadata.product.name", "metadata.product.vendor_name"];

    /// <summary>events/iam/authorize_session.json: user (and at least one of privileges, groups, iam_roles; checked apart).</summary>
    public static readonly string[] AuthorizeSession = ["user"];

    /// <summary>events/findings/finding.json: finding_info; objects/finding_info.json: uid, and title (required in 1.1 to 1.3).</summary>
    public static readonly string[] DetectionFinding = ["finding_info", "finding_info.uid", "finding_info.title"];

    /// <summary>Every required attribute of the document's class is present and the ids agree with each other; returns what is wrong.</summary>
    public static List<string> Check(JsonElement document)
    {
        var problems = new List<string>();
        int classUid = document.TryGetProperty("class_uid", out var c) ? c.GetInt32() : 0;
        var (required, activities) = classUid switch
        {
            3003 => (AuthorizeSession, new[] { 1, 2, 3 }),
            2004 => (DetectionFinding, [1, 2, 3]),
            _ => ([], []),
        };
        if (required.Length == 0)
        {
            problems.Add($"class_uid {classUid} is not a class Vigil exports");
        }

        foreach (string path in Base.Concat(required))
        {
            if (!Has(document, path))
            {
                problems.Add("missing " + path);
            }
        }

        if (classUid == 3003 && !new[] { "privileges", "groups", "iam_roles" }.Any(p => Has(document, p)))
        {
            problems.Add("Authorize Session needs at least one of privileges, groups, iam_roles");
        }

        if (problems.Count > 0)
        {
            return problems;
        }

        int activity = document.GetProperty("activity_id").GetInt32();
        if (!activities.Contains(activity))
        {
            problems.Add($"activity_id {activity} is not one of the class's");
        }

        if (document.GetProperty("type_uid").GetInt64() != (classUid * 100L) + activity)
        {
            problems.Add("type_uid is not class_uid * 100 + activity_id");
        }

        if (document.GetProperty("category_uid").GetInt32() != classUid / 1000)
        {
            problems.Add("category_uid is not the class's category");
        }

        if (document.GetProperty("severity_id").GetInt32() is not ((>= 0 and <= 6) or 99))
        {
            problems.Add("severity_id is not 0..6 or 99");
        }

        if (document.GetProperty("time").ValueKind != JsonValueKind.Number || document.GetProperty("time").GetInt64() < 1_000_000_000_000L)
        {
            problems.Add("time is not a timestamp in milliseconds");
        }

        return problems;
    }

    private static bool Has(JsonElement document, string path)
    {
        var e = document;
        foreach (string part in path.Split('.'))
        {
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(part, out e) || e.ValueKind == JsonValueKind.Null)
            {
                return false;
            }
        }

        return e.ValueKind is not JsonValueKind.String || e.GetString()!.Length > 0;
    }
}
