using System.Globalization;
using Vigil.Cel;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Vigil.Core.Policies;

/// <summary>
/// Typed reading of a YAML (or JSON) tree that collects every problem with its line and column instead of stopping
/// at the first, in the spirit of YARP's config validator.
/// </summary>
internal sealed class YamlReader(string file)
{
    public const int MaxDocumentBytes = 4 * 1024 * 1024;

    public string File { get; } = file;

    public List<PolicyDiagnostic> Diagnostics { get; } = [];

    public YamlMappingNode? LoadRoot(string text)
    {
        if (text.Length > MaxDocumentBytes)
        {
            Error(1, 1, $"the document is {text.Length:N0} characters; the limit is {MaxDocumentBytes:N0}.", "split the policy data into several files.");
            return null;
        }

        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            if (stream.Documents.Count == 0)
            {
                Error(1, 1, "the file is empty.", "start with 'version:' and 'segments:' (see docs/policies.md).");
                return null;
            }

            if (stream.Documents[0].RootNode is YamlMappingNode root)
            {
                return root;
            }

            Error(stream.Documents[0].RootNode, "the document must be a mapping (key: value pairs).", null);
            return null;
        }
        catch (YamlException ex)
        {
            Error((int)ex.Start.Line, (int)ex.Start.Column, "not valid YAML or JSON: " + ex.Message, null);
            return null;
        }
    }

    public void Error(YamlNode node, string message, string? fix) => Error((int)node.Start.Line, (int)node.Start.Column, message, fix);

    public void Error(int line, int column, string message, string? fix) => Diagnostics.Add(new PolicyDiagnostic(File, line, column, message, fix));

    public static SourcePosition Position(YamlNode node) => new((int)node.Start.Line, (int)node.Start.Column);

    /// <summary>Flags keys that are not in <paramref name="known"/>: a typo must not silently drop a rule.</summary>
    public void CheckKeys(YamlMappingNode map, string where, params string[] known)
    {
        foreach (var key in map.Children.Keys)
        {
            string name = (key as YamlScalarNode)?.Value ?? "";
            if (!known.Contains(name, StringComparer.Ordinal))
            {
                Error(key, $"unknown key '{name}' in {where}.", $"use one of: {string.Join(", ", known)}.");
            }
        }
    }

    public static YamlNode? Get(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    public string? String(YamlMappingNode map, string key, bool required = false, string? where = null)
    {
        var node = Get(map, key);
        if (node is null)
        {
            if (required)
            {
                Error(map, $"'{key}' is missing{(where is null ? "" : " in " + where)}.", $"add '{key}: ...'.");
            }

            return null;
        }

        if (node is YamlScalarNode { Value: { } value })
        {
            return value;
        }

        Error(node, $"'{key}' must be a single value.", null);
        return null;
    }

    public int? Int(YamlMappingNode map, string key, int min, int max)
    {
        var node = Get(map, key);
        if (node is null)
        {
            return null;
        }

        if (node is YamlScalarNode { Value: { } text } && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value >= min && value <= max)
        {
            return value;
        }

        Error(node, $"'{key}' must be a whole number from {min} to {max}.", null);
        return null;
    }

    public bool? Bool(YamlMappingNode map, string key)
    {
        var node = Get(map, key);
        if (node is null)
        {
            return null;
        }

        if (node is YamlScalarNode { Value: "true" or "false" } scalar)
        {
            return scalar.Value == "true";
        }

        Error(node, $"'{key}' must be true or false.", null);
        return null;
    }

    /// <summary>A list of strings; a single scalar counts as a list of one.</summary>
    public IReadOnlyList<string> Strings(YamlMappingNode map, string key)
    {
        var node = Get(map, key);
        switch (node)
        {
            case null:
                return [];
            case YamlScalarNode { Value: { } single }:
                return [single];
            case YamlSequenceNode seq:
                var list = new List<string>(seq.Children.Count);
                foreach (var item in seq.Children)
                {
                    if (item is YamlScalarNode { Value: { } v })
                    {
                        list.Add(v);
                    }
                    else
                    {
                        Error(item, $"items of '{key}' must be single values.", null);
                    }
                }

                return list;
            default:
                Error(node, $"'{key}' must be a list of values.", null);
                return [];
        }
    }

    public YamlMappingNode? Map(YamlMappingNode map, string key)
    {
        var node = Get(map, key);
        if (node is null or YamlMappingNode)
        {
            return node as YamlMappingNode;
        }

        Error(node, $"'{key}' must be a mapping (key: value pairs).", null);
        return null;
    }

    public YamlSequenceNode? Sequence(YamlMappingNode map, string key)
    {
        var node = Get(map, key);
        if (node is null or YamlSequenceNode)
        {
            return node as YamlSequenceNode;
        }

        Error(node, $"'{key}' must be a list.", null);
        return null;
    }

    /// <summary>Any YAML value as a CEL value: plain scalars become int, double, bool or null when they read as such; quoted ones stay strings.</summary>
    public CelValue ToCel(YamlNode node, int depth = 0)
    {
        if (depth > 32)
        {
            Error(node, "values nest deeper than 32 levels.", null);
            return CelValue.Null;
        }

        switch (node)
        {
            case YamlScalarNode scalar:
                string text = scalar.Value ?? "";
                if (scalar.Style is ScalarStyle.Plain)
                {
                    if (text is "true" or "false")
                    {
                        return CelValue.Bool(text == "true");
                    }

                    if (text is "null" or "~" or "")
                    {
                        return CelValue.Null;
                    }

                    if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long l))
                    {
                        return CelValue.Int(l);
                    }

                    if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d))
                    {
                        return CelValue.Double(d);
                    }
                }

                return CelValue.String(text);
            case YamlSequenceNode seq:
                return CelValue.List(new CelList([.. seq.Children.Select(c => ToCel(c, depth + 1))]));
            case YamlMappingNode map:
                return CelValue.Map(CelMap.Create(map.Children.Select(p => new KeyValuePair<string, CelValue>(((YamlScalarNode)p.Key).Value ?? "", ToCel(p.Value, depth + 1)))));
            default:
                Error(node, "unsupported YAML value.", null);
                return CelValue.Null;
        }
    }

    public Dictionary<string, CelValue> Properties(YamlMappingNode? map)
    {
        var result = new Dictionary<string, CelValue>(StringComparer.Ordinal);
        if (map is null)
        {
            return result;
        }

        foreach (var (key, value) in map.Children)
        {
            result[((YamlScalarNode)key).Value ?? ""] = ToCel(value);
        }

        return result;
    }
}
