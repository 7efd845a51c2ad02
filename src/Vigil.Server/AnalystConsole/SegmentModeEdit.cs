using Vigil.Core.Policies;

namespace Vigil.Server.AnalystConsole;

/// <summary>
/// Sets one segment's <c>mode:</c> in a policy document's text, keeping everything else (comments, order, layout)
/// as written: the segment's own <c>mode:</c> line is replaced, or one is added below its first key. The caller
/// compiles the result and checks that exactly this changed; a layout this cannot edit (flow style) is refused.
/// </summary>
internal static class SegmentModeEdit
{
    private const string PolicyHoldersFile = "policy";

    public static string? Apply(string document, string segment, string mode, out string? problem)
    {
        var compiled = PolicyCompiler.CompileText(document, PolicyHoldersFile, out _);
        if (compiled is null)
        {
            problem = "the policy in force does not compile here; change it with PUT /v1/policy.";
            return null;
        }

        var segments = compiled.Document.Segments;
        int index = -1;
        for (int i = 0; i < segments.Count; i++)
        {
            if (segments[i].Name == segment)
            {
                index = i;
                break;
            }
        }

        if (index < 0)
        {
            problem = $"the policy in force has no segment named '{segment}'.";
            return null;
        }

        string[] lines = document.Split('\n');
        var position = segments[index].Position; // the segment mapping's first key, 1-based (YamlDotNet marks)
        int start = position.Line - 1, indent = position.Column - 1;
        int end = index + 1 < segments.Count ? segments[index + 1].Position.Line - 1 : lines.Length;
        for (int i = start + 1; i < end; i++)
        {
            string text = lines[i].TrimEnd('\r');
            if (text.Trim().Length > 0 && !text.TrimStart().StartsWith('#') && Indent(text) < indent)
            {
                end = i; // the segments list ended (data:, or the document's next key)
                break;
            }
        }

        if (start < 0 || start >= lines.Length || indent < 0 || indent >= lines[start].Length)
        {
            problem = "its position in the document could not be found; change the mode with PUT /v1/policy.";
            return null;
        }

        string newline = lines[start].EndsWith('\r') ? "\r" : "";
        string modeLine = new string(' ', indent) + "mode: " + mode + newline;
        for (int i = start; i < end; i++)
        {
            string text = lines[i];
            bool keyHere = i == start || (Indent(text) == indent && text.Length > indent);
            if (keyHere && text.AsSpan(indent).StartsWith("mode:", StringComparison.Ordinal))
            {
                lines[i] = i == start ? text[..indent] + "mode: " + mode + newline : modeLine;
                problem = null;
                return string.Join('\n', lines);
            }
        }

        var result = new List<string>(lines);
        result.Insert(start + 1, modeLine);
        problem = null;
        return string.Join('\n', result);
    }

    private static int Indent(string line)
    {
        int n = 0;
        while (n < line.Length && line[n] == ' ')
        {
            n++;
        }

        return n;
    }
}
