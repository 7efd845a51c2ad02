using System.Globalization;
using System.Text;
using CsCheck;

namespace Vigil.Server.Tests.Hostile;

/// <summary>
/// Generators of hostile request bodies. A body starts as a well-formed request built from small pools (so that the
/// policy's one permitted question comes up often) and then gets one mutation: hostile context values, wrong types,
/// huge numbers and strings, deep nesting, truncation, and (kept apart, <see cref="Encoding"/>) lone surrogates,
/// invalid or overlong UTF-8 and duplicate keys. JSON text is written by hand on purpose: a serializer would refuse
/// to write most of it.
/// </summary>
internal static class HostileGen
{
    public static readonly Gen<string> SubjectId = Gen.OneOf("alice", "alice", "bob", "mallory", "Alice", "alice ", "");
    public static readonly Gen<string> ActionName = Gen.OneOf("read", "read", "write", "READ", "delete", "");
    public static readonly Gen<string> ResourceType = Gen.OneOf("doc", "doc", "app", "Doc", "");
    public static readonly Gen<string> ResourceId = Gen.OneOf("d1", "d2", "a1", "x/../d1", "*");

    /// <summary>Any UTF-16 code units, weighted towards ASCII and the surrogate range.</summary>
    public static readonly Gen<string> AnyString =
        Gen.OneOf(Gen.Int[0x20, 0x7E], Gen.Int[0, 0xFFFF], Gen.Int[0xD800, 0xDFFF]).Select(i => (char)i).Array[0, 10].Select(chars => new string(chars));

    /// <summary>Context values a caller may send, none of which may change what the policy decides.</summary>
    public static readonly Gen<(string Key, string Json)> ContextField = Gen.OneOf(
        Gen.Select(Gen.OneOf("time", "@timestamp"), Gen.OneOf(
            "\"2026-03-02T08:00:00\"", "\"2026-03-02T08:00:00Z\"", "\"0001-01-01T00:00:00Z\"", "\"9999-12-31T23:59:59Z\"", "\"yesterday\"",
            "253402300800000", "-1", "0", "1e30", "1700000000000000", "9223372036854775807", "\"2026-13-45T99:00:00Z\"", "null"), (k, v) => (k, v)),
        Gen.Select(Gen.OneOf("tenant"), Gen.OneOf("\"t-unknown\"", "\"\"", "5", "\"default\"", "[\"a\"]"), (k, v) => (k, v)),
        Gen.Select(Gen.OneOf("ip"), Gen.OneOf("\"999.1.1.1\"", "\"::1\"", "\"81.2.69.10\"", "\"\"", "7", "\"10.0.0.1/8\""), (k, v) => (k, v)),
        Gen.Select(Gen.OneOf("user_agent", "device_id", "session_id", "event_id", "token_id"), Gen.OneOf(
            Gen.OneOf("\"\"", "5", "true", "{}", "\"Mozilla/5.0\""), Gen.Int[1, 70_000].Select(n => "\"" + new string('u', n) + "\"")), (k, v) => (k, v)),
        Gen.Select(Gen.OneOf("mfa_result", "outcome", "auth_method", "mfa_method", "acr"), Gen.OneOf("\"approved\"", "\"success\"", "\"failure\"", "true", "3", "\"phr\""), (k, v) => (k, v)),
        Gen.Select(Gen.OneOf("device_compliant", "device_managed"), Gen.OneOf("true", "\"yes\"", "1", "null"), (k, v) => (k, v)),
        Gen.Select(Gen.OneOf("country", "nested"), Gen.OneOf("\"ZZ\"", "{\"a\":{\"b\":[1,2,{\"c\":null}]}}", "[]"), (k, v) => (k, v)));

    /// <summary>
    /// Arbitrary context members: names and string values of any UTF-16 code units (lone surrogates included, written
    /// as escapes), numbers of any size. Either decided as the bare question or refused naming the member.
    /// </summary>
    public static readonly Gen<(string Key, string Json)> ArbitraryContextField = Gen.Select(
        AnyString,
        Gen.OneOf(
            AnyString.Select(Quote),
            Gen.Long.Select(n => n.ToString(CultureInfo.InvariantCulture)),
            Gen.Double.Select(d => double.IsFinite(d) ? d.ToString("R", CultureInfo.InvariantCulture) : "-1e400")),
        (k, v) => (Quote(k)[1..^1], v));

    /// <summary>The context fields that choose a non-access path (issue 11, defect 1): kept apart so their test can wait for that fix.</summary>
    public static readonly Gen<(string Key, string Json)> EventAction =
        Gen.Select(Gen.OneOf("event_action"), Gen.OneOf("\"logout\"", "\"\"", "\"x\"", "\"sign-out\"", "\"device-posture\"", "true", "42", "\"sign-in\""), (k, v) => (k, v));

    public static Gen<string> Context(Gen<(string Key, string Json)> field) =>
        field.Array[0, 4].Select(fields => "{" + string.Join(",", fields.GroupBy(f => f.Key).Select(g => $"\"{g.Key}\":{g.First().Json}")) + "}");

    /// <summary>A well-formed evaluation: its parts as JSON.</summary>
    public static Gen<Q> Question(Gen<string> context) =>
        Gen.Select(SubjectId, ActionName, ResourceType, ResourceId, context, (s, a, t, r, c) => new Q(
            $"{{\"type\":\"user\",\"id\":\"{s}\"}}",
            $"{{\"name\":\"{a}\"}}",
            $"{{\"type\":\"{t}\",\"id\":\"{r}\"}}",
            c));

    private static string Evaluation(Q q) =>
        $"{{\"subject\":{q.Subject},\"action\":{q.Action},\"resource\":{q.Resource},\"context\":{q.Context}}}";

    /// <summary>The question without a context: what the policy alone says.</summary>
    private static byte[] Bare(Q q) => Utf8($"{{\"subject\":{q.Subject},\"action\":{q.Action},\"resource\":{q.Resource}}}");

    /// <summary>Evaluations with hostile context values (and no other change): the question stays the policy's to decide.</summary>
    public static Gen<HostileCase> EvaluationWithContext(Gen<(string Key, string Json)> field) =>
        Question(Context(field)).Select(q => new HostileCase("context " + q.Context[..Math.Min(q.Context.Length, 80)], Utf8(Evaluation(q)), Bare(q)));

    /// <summary>Structural mutations: wrong types, missing parts, huge numbers and strings, deep nesting, truncation.</summary>
    public static Gen<HostileCase> EvaluationMalformed =>
        Gen.Select(Question(Context(ContextField)), Gen.Int[0, 15], Gen.Int[0, 1000], (q, kind, n) => Malformed(q, kind, n));

    private static HostileCase Malformed(Q q, int kind, int n)
    {
        string body = Evaluation(q);
        return kind switch
        {
            0 => new("subject is a number", Utf8(body.Replace(q.Subject, "5", StringComparison.Ordinal)), null),
            1 => new("subject is an array", Utf8(body.Replace(q.Subject, "[\"alice\"]", StringComparison.Ordinal)), null),
            2 => new("subject is a string", Utf8(body.Replace(q.Subject, "\"alice\"", StringComparison.Ordinal)), null),
            3 => new("action.name is a number", Utf8(body.Replace(q.Action, "{\"name\":5}", StringComparison.Ordinal)), null),
            4 => new("resource.id is an object", Utf8(body.Replace(q.Resource, "{\"type\":\"doc\",\"id\":{}}", StringComparison.Ordinal)), null),
            5 => new("context is a string", Utf8(body.Replace(q.Context, "\"x\"", StringComparison.Ordinal)), Bare(q)),
            6 => new("subject is missing", Utf8($"{{\"action\":{q.Action},\"resource\":{q.Resource}}}"), null),
            7 => new("huge number in subject.properties", Utf8(body.Replace("\"type\":\"user\"", "\"type\":\"user\",\"properties\":{\"n\":1e400,\"m\":123456789012345678901234567890}", StringComparison.Ordinal)), Bare(q)),
            8 => new("deep nesting in context", Utf8(body.Replace(q.Context, "{\"deep\":" + new string('[', 100 + n) + new string(']', 100 + n) + "}", StringComparison.Ordinal)), Bare(q)),
            9 => new("huge string in resource.properties", Utf8(body.Replace("\"type\":\"", "\"properties\":{\"note\":\"" + new string('n', 200_000 + n) + "\"},\"type\":\"", StringComparison.Ordinal)), Bare(q)),
            10 => new("truncated", Utf8(body[..Math.Min(body.Length - 1, n % body.Length)]), null),
            11 => new("trailing garbage", Utf8(body + "}x"), null),
            12 => new("empty body", [], null),
            13 => new("JSON null", Utf8("null"), null),
            14 => new("huge subject id", Utf8(body.Replace(q.Subject, $"{{\"type\":\"user\",\"id\":\"{new string('s', 300_000 + n)}\"}}", StringComparison.Ordinal)), null),
            _ => new("top-level array", Utf8("[" + body + "]"), null),
        };
    }

    /// <summary>Encoding mutations (issue 11, defect 5): lone surrogate escapes, invalid and overlong UTF-8, duplicate keys.</summary>
    public static Gen<HostileCase> Encoding =>
        Gen.Select(Question(Context(ContextField)), Gen.Int[0, 6], (q, kind) => EncodingCase(q, kind));

    private static HostileCase EncodingCase(Q q, int kind)
    {
        string body = Evaluation(q);
        return kind switch
        {
            0 => new("lone surrogate in subject.id", Utf8(body.Replace("\"id\":\"", "\"id\":\"\\ud800", StringComparison.Ordinal)), null),
            1 => new("lone surrogate in a context value", Utf8(body.Replace("\"context\":{", "\"context\":{\"session_id\":\"\\udfff\",", StringComparison.Ordinal).Replace(",}", "}", StringComparison.Ordinal)), Bare(q)),
            2 => new("invalid UTF-8 in subject.id", Splice(body, "\"id\":\"", [0xC3, 0x28]), null),
            3 => new("overlong UTF-8 in resource.type", Splice(body, "\"type\":\"", [0xC0, 0xAF]), null),
            4 => new("duplicate subject (mallory, then the question's)", Utf8(body.Replace("{\"subject\":", "{\"subject\":{\"type\":\"user\",\"id\":\"mallory\"},\"subject\":", StringComparison.Ordinal)), null),
            5 => new("duplicate key in context", Utf8(body.Replace("\"context\":{", "\"context\":{\"ip\":\"81.2.69.10\",\"ip\":\"10.0.0.1\",", StringComparison.Ordinal).Replace(",}", "}", StringComparison.Ordinal)), Bare(q)),
            _ => new("duplicate id in subject", Utf8(body.Replace("\"type\":\"user\",", "\"type\":\"user\",\"id\":\"alice\",", StringComparison.Ordinal)), null),
        };
    }

    /// <summary>Batches of 1-4 items with defaults and per-item hostile contexts; each item is judged on its own question.</summary>
    public static Gen<(HostileCase Case, byte[]?[] Baselines)> Batch(Gen<(string Key, string Json)> field) =>
        Gen.Select(Question(Context(field)).Array[1, 4], Gen.Bool, Gen.Int[0, 3], (items, withDefaults, malformed) =>
        {
            var sb = new StringBuilder("{");
            if (withDefaults)
            {
                sb.Append($"\"subject\":{items[0].Subject},\"action\":{items[0].Action},\"resource\":{items[0].Resource},");
            }

            sb.Append("\"evaluations\":[");
            var baselines = new byte[]?[items.Length];
            for (int i = 0; i < items.Length; i++)
            {
                var q = items[i];
                bool breakIt = malformed == 0 && i == items.Length - 1;
                sb.Append(i > 0 ? "," : "").Append(breakIt
                    ? $"{{\"subject\":{q.Subject},\"action\":{q.Action},\"resource\":{{\"type\":5}}}}"
                    : $"{{\"subject\":{q.Subject},\"action\":{q.Action},\"resource\":{q.Resource},\"context\":{q.Context}}}");
                baselines[i] = breakIt ? null : Bare(q);
            }

            sb.Append("]}");
            return (new HostileCase(malformed == 0 ? "batch, last item malformed" : "batch", Utf8(sb.ToString()), null), baselines);
        });

    /// <summary>Search bodies: the fixed parts from the pools, a hostile context; which search is chosen by the caller.</summary>
    public static Gen<(string Kind, string Subject, string Action, string ResourceType, HostileCase Case)> Search(Gen<(string Key, string Json)> field) =>
        Gen.Select(Gen.OneOf("subject", "resource", "action"), SubjectId, ActionName, ResourceType, Context(field), (kind, s, a, t, c) =>
        {
            string subject = kind == "subject" ? "{\"type\":\"user\"}" : $"{{\"type\":\"user\",\"id\":\"{s}\"}}";
            string resource = kind == "resource" ? $"{{\"type\":\"{t}\"}}" : $"{{\"type\":\"{t}\",\"id\":\"d1\"}}";
            string body = kind == "action"
                ? $"{{\"subject\":{subject},\"resource\":{resource},\"context\":{c}}}"
                : $"{{\"subject\":{subject},\"action\":{{\"name\":\"{a}\"}},\"resource\":{resource},\"context\":{c}}}";
            return (kind, s, a, t, new HostileCase("search/" + kind, Utf8(body), null));
        });

    /// <summary>NDJSON bodies: one good event with a unique id among hostile lines; its line number (from 1) and the line count.</summary>
    public static Gen<(HostileCase Case, string GoodId, int GoodLine, int Lines)> Ingestion(bool encoding) =>
        Gen.Select(Gen.Int[0, 1_000_000_000], (encoding ? IngestEncodingLine : IngestLine).Array[1, 5], Gen.Int[0, 5], (id, lines, at) =>
        {
            string goodId = "good-" + id.ToString(CultureInfo.InvariantCulture);
            var all = lines.ToList();
            all.Insert(Math.Min(at, all.Count), Utf8($"{{\"@timestamp\":\"2026-03-02T08:00:00Z\",\"event\":{{\"id\":\"{goodId}\",\"action\":\"sign-in\",\"outcome\":\"success\"}},\"user\":{{\"id\":\"bob\"}},\"source\":{{\"ip\":\"81.2.69.10\"}}}}"));
            var body = new List<byte>();
            foreach (var line in all)
            {
                body.AddRange(line);
                body.Add((byte)'\n');
            }

            return (new HostileCase("ndjson", [.. body], null), goodId, Math.Min(at, lines.Length) + 1, all.Count);
        });

    /// <summary>
    /// A JSON array body (application/json): one good event among the hostile lines that are still JSON values, so the
    /// array stays readable and every item can be judged; its item number (from 1) and the item count.
    /// </summary>
    public static Gen<(HostileCase Case, int GoodItem, int Items)> IngestionArray =>
        Gen.Select(Gen.Int[0, 1_000_000_000], IngestLine.Where(IsJson).Array[1, 5], Gen.Int[0, 5], (id, items, at) =>
        {
            var all = items.Select(System.Text.Encoding.UTF8.GetString).ToList();
            int good = Math.Min(at, all.Count);
            all.Insert(good, $"{{\"@timestamp\":\"2026-03-02T08:00:00Z\",\"event\":{{\"id\":\"array-{id.ToString(CultureInfo.InvariantCulture)}\",\"action\":\"sign-in\"}},\"user\":{{\"id\":\"bob\"}}}}");
            return (new HostileCase("json array", Utf8("[" + string.Join(",", all) + "]"), null), good + 1, all.Count);
        });

    private static bool IsJson(byte[] bytes)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(bytes, new System.Text.Json.JsonDocumentOptions { MaxDepth = 1000 });
            return true;
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    private static readonly Gen<byte[]> IngestLine = Gen.OneOf(
        "{\"event\":{\"action\":\"sign-in\"},\"user\":{\"id\":\"bob\"}}",
        "{\"@timestamp\":\"yesterday\",\"user\":{\"id\":\"bob\"}}",
        "{\"@timestamp\":1700000000000000,\"event\":{\"action\":\"sign-in\"},\"user\":{\"id\":\"carol\"}}",
        "{\"@timestamp\":1e30,\"user\":{\"id\":\"bob\"}}",
        "{\"@timestamp\":\"2026-03-02T08:00:00\",\"event\":{\"action\":\"sign-in\"},\"user\":{\"id\":\"bob\"}}",
        "{\"@timestamp\":\"2026-03-02T08:00:00Z\",\"user\":{\"id\":5}}",
        "{\"@timestamp\":\"2026-03-02T08:00:00Z\",\"user\":{\"id\":\"bob\"},\"source\":{\"ip\":\"999.1.1.1\"}}",
        "{\"@timestamp\":\"2026-03-02T08:00:00Z\",\"user\":\"bob\"}",
        "not json",
        "[1,2,3]",
        "{\"@timestamp\":\"2026-03-02T08:00:00Z\",\"user\":{\"id\":\"bob\"},\"labels\":{\"deep\":" + new string('[', 300) + new string(']', 300) + "}}",
        "{\"@timestamp\":\"2026-03-02T08:00:00Z\",\"user\":{\"id\":\"" + new string('b', 100_000) + "\"}}",
        "{\"@timestamp\":\"2026-03-02T08:00:00Z\",\"user\":{\"id\":\"bob\"}").Select(Utf8);

    private static readonly Gen<byte[]> IngestEncodingLine = Gen.OneOf(
        Gen.Const(Utf8("{\"@timestamp\":\"2026-03-02T08:00:00Z\",\"user\":{\"id\":\"\\ud800\"}}")),
        Gen.Const(Splice("{\"@timestamp\":\"2026-03-02T08:00:00Z\",\"user\":{\"id\":\"bob\"}}", "\"id\":\"", [0xC3, 0x28])),
        Gen.Const(Splice("{\"@timestamp\":\"2026-03-02T08:00:00Z\",\"user\":{\"id\":\"bob\"}}", "\"id\":\"", [0xE0, 0x80, 0xAF])),
        Gen.Const(Utf8("{\"@timestamp\":\"2026-03-02T08:00:00Z\",\"user\":{\"id\":\"bob\",\"id\":\"carol\"}}")));

    /// <summary>Feedback bodies: kinds, ids and identities of every shape (<paramref name="encoding"/>: values with lone surrogates and duplicate keys, defect 5).</summary>
    public static Gen<HostileCase> Feedback(bool encoding) =>
        Gen.Select(Gen.OneOf("\"confirm_safe\"", "\"not_me\"", "\"maybe\"", "5", "null", "\"\""),
            Gen.OneOf("decision_id", "event_id", "identity", "tenant", "nothing"),
            encoding ? Gen.OneOf("\"\\ud800\"", "\"a\\udc00b\"") : Gen.OneOf("\"nope\"", "5", "[]", "\"bob\"", "\"" + new string('x', 70_000) + "\"", "{}"),
            (kind, field, value) => new HostileCase("feedback", Utf8(
                field == "nothing" ? $"{{\"kind\":{kind}}}"
                : encoding && value.Length > 10 ? $"{{\"kind\":{kind},\"{field}\":\"a\",\"{field}\":\"b\"}}"
                : $"{{\"kind\":{kind},\"{field}\":{value}}}"), null));

    /// <summary>API-key bodies: names and scopes of every shape (<paramref name="encoding"/>: names with lone surrogates, defect 5).</summary>
    public static Gen<HostileCase> ApiKey(bool encoding) =>
        Gen.Select(encoding ? Gen.OneOf("\"\\ud800\"", "\"k\\udfff\"") : Gen.OneOf("\"k\"", "\"\"", "5", "null", "\"" + new string('k', 70_000) + "\"", "[\"k\"]"),
            Gen.OneOf("[\"evaluate\"]", "[]", "\"evaluate\"", "[\"root\"]", "[5]", "null", "[\"evaluate\",\"evaluate\"]"),
            (name, scopes) => new HostileCase("api key", Utf8($"{{\"name\":{name},\"scopes\":{scopes}}}"), null));

    /// <summary>Content-Type and Content-Encoding headers that do not say "uncompressed JSON" (issue 11, defect 11).</summary>
    public static readonly Gen<(string Type, string? Encoding)> WrongContent = Gen.OneOf(
        Gen.Const(("text/plain", (string?)null)),
        Gen.Const(("application/x-www-form-urlencoded", (string?)null)),
        Gen.Const(("multipart/form-data; boundary=x", (string?)null)),
        Gen.Const(("application/xml", (string?)null)),
        Gen.Const(("application/json; charset=utf-16", (string?)null)),
        Gen.Const(("not a media type", (string?)null)),
        Gen.Const(("application/json", (string?)"gzip")),
        Gen.Const(("application/json", (string?)"br")),
        Gen.Const(("application/json", (string?)"identity, gzip")),
        Gen.Const(("application/x-ndjson", (string?)"deflate")));

    /// <summary>A JSON string literal; every code unit outside printable ASCII is escaped, so lone surrogates survive as text.</summary>
    public static string Quote(string text)
    {
        var sb = new StringBuilder("\"");
        foreach (char c in text)
        {
            if (c is >= ' ' and <= '~' and not '"' and not '\\')
            {
                sb.Append(c);
            }
            else
            {
                sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
        }

        return sb.Append('"').ToString();
    }

    public static byte[] Utf8(string text) => System.Text.Encoding.UTF8.GetBytes(text);

    /// <summary>Inserts raw bytes after the first <paramref name="marker"/> (which is ASCII, so byte and char offsets agree).</summary>
    private static byte[] Splice(string json, string marker, byte[] bytes)
    {
        int at = json.IndexOf(marker, StringComparison.Ordinal) + marker.Length;
        return [.. Utf8(json[..at]), .. bytes, .. Utf8(json[at..])];
    }
}
