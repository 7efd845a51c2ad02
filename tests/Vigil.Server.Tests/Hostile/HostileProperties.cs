using System.Text.Json;
using System.Text.RegularExpressions;

namespace Vigil.Server.Tests.Hostile;

/// <summary>The properties every hostile request must keep (issue 11, "What must be shown").</summary>
internal static class HostileProperties
{
    /// <summary>
    /// Words that name a field of a request (AuthZEN, feedback, API keys, ECS), as whole words, or a JSON path
    /// (<c>$</c>) or byte offset, as the JSON reader reports them for a syntax error; "body" and "request" stand for the
    /// root of a request, "line" and "item" for the root of one ingested event. A 4xx must contain one.
    /// </summary>
    private static readonly Regex Field = new(
        @"(\$|byte \d+|Content-(Type|Encoding)|(?<![A-Za-z_@.])(body|request|line|item|subject|action|resource|context|evaluations|options|page|properties|id|type|name|kind|decision_id|event_id|identity|tenant|scopes|@timestamp|time|ip|user_agent|event_action|(event|user|source|labels|device|host)\.[a-z_.]+)(?![A-Za-z_]))",
        RegexOptions.CultureInvariant);

    /// <summary>No 5xx; a 4xx is ProblemDetails naming a field. Status 401/403 are about the caller, not the body.</summary>
    public static void NoServerErrorAndProblemsNameAField(HostileAnswer answer)
    {
        Assert.True(answer.Status < 500, $"answered {answer.Status}: {answer.Text}");
        if (answer.Status is >= 400 and < 500 and not 401 and not 403 and not 429)
        {
            Assert.True(answer.MediaType == "application/problem+json", $"a {answer.Status} must be ProblemDetails, was {answer.MediaType}: {answer.Text}");
            var json = answer.Json ?? throw new Xunit.Sdk.XunitException($"a {answer.Status} body is not JSON: {answer.Text}");
            Assert.True(json.TryGetProperty("title", out _) && json.TryGetProperty("status", out _), $"not ProblemDetails: {answer.Text}");
            Assert.True(Field.IsMatch(Said(json)), $"a {answer.Status} must name the field: {answer.Text}");
        }
    }

    /// <summary>An error line of ingestion must name the field (or the JSON position) it is about.</summary>
    public static void NamesAField(string error) =>
        Assert.True(Field.IsMatch(error), $"the error does not name a field: {error}");

    /// <summary>True when a 200 evaluation answer says decision: true.</summary>
    public static bool Permitted(HostileAnswer answer) =>
        answer.Status == 200 && answer.Json is { } json && json.TryGetProperty("decision", out var decision) && decision.ValueKind == JsonValueKind.True;

    /// <summary>The detail and the errors (the title is generic: "Malformed request" names no field).</summary>
    private static string Said(JsonElement problem)
    {
        var parts = new List<string>();
        foreach (string name in new[] { "detail", "errors" })
        {
            if (problem.TryGetProperty(name, out var value))
            {
                parts.Add(value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText());
            }
        }

        return string.Join(" ", parts);
    }
}
