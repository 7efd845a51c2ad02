using Vigil.Core.Decisions;
using Vigil.Core.Telemetry;
using YamlDotNet.RepresentationModel;

namespace Vigil.Core.Policies;

/// <summary>
/// Reads a policy document (YAML, or JSON, which is YAML) into a <see cref="PolicyDocument"/>, collecting every
/// problem with file:line:column and a fix. Conditions are only read here; <see cref="PolicyCompiler"/> compiles them.
/// </summary>
public static class PolicyParser
{
    private static readonly string[] RootKeys = ["version", "description", "mode", "upstream", "segments", "data"];
    private static readonly string[] SegmentKeys = ["name", "description", "match", "sensitivity", "mode", "upstream", "require", "bands", "rules"];
    private static readonly string[] MatchKeys = ["types", "ids", "sensitivities", "properties"];
    private static readonly string[] RequireKeys = ["compliant_device", "managed_device", "authentication"];
    private static readonly string[] BandKeys = ["step_up_at", "limit_at", "deny_at", "acr_values", "max_age", "limit_actions"];
    private static readonly string[] RuleKeys = ["name", "effect", "actions", "subjects", "condition"];
    private static readonly string[] SubjectKeys = ["ids", "roles", "groups", "departments", "kinds"];

    /// <summary>Parses <paramref name="text"/>; the document is null when there are errors.</summary>
    public static PolicyDocument? Parse(string text, string file, out IReadOnlyList<PolicyDiagnostic> diagnostics)
    {
        var y = new YamlReader(file);
        diagnostics = y.Diagnostics;
        var root = y.LoadRoot(text);
        if (root is null)
        {
            return null;
        }

        y.CheckKeys(root, "the policy", RootKeys);
        string? version = y.String(root, "version", required: true, where: "the policy");
        var mode = ParseMode(y, root) ?? RolloutMode.Monitor;
        var upstream = ParseUpstream(y, root) ?? UpstreamCombining.None;
        var segments = new List<SegmentDefinition>();
        var seq = y.Sequence(root, "segments");
        if (seq is null || seq.Children.Count == 0)
        {
            y.Error(root, "the policy has no segments: with none, every request is denied.", "add 'segments:' with at least one segment (a catch-all segment with 'match: {}' covers everything).");
        }
        else
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var node in seq.Children)
            {
                if (node is not YamlMappingNode map)
                {
                    y.Error(node, "each segment must be a mapping.", null);
                    continue;
                }

                var segment = ParseSegment(y, map);
                if (segment is not null && !names.Add(segment.Name))
                {
                    y.Error(map, $"segment name '{segment.Name}' is used twice.", "give each segment its own name.");
                }

                if (segment is not null)
                {
                    segments.Add(segment);
                }
            }
        }

        var data = y.Map(root, "data") is { } dataMap ? PolicyDataParser.Read(y, dataMap) : PolicyData.Empty;
        if (y.Diagnostics.Count > 0)
        {
            return null;
        }

        return new PolicyDocument
        {
            Version = version!,
            Description = y.String(root, "description"),
            DefaultMode = mode,
            DefaultUpstream = upstream,
            Segments = segments,
            Data = data,
        };
    }

    private static SegmentDefinition? ParseSegment(YamlReader y, YamlMappingNode map)
    {
        y.CheckKeys(map, "a segment", SegmentKeys);
        string? name = y.String(map, "name", required: true, where: "the segment");
        var match = y.Map(map, "match");
        ResourceMatch resourceMatch = ResourceMatch.All;
        if (match is null)
        {
            y.Error(map, $"segment '{name}' has no 'match'.", "add 'match:' with types, ids or properties, or 'match: {}' for a catch-all segment.");
        }
        else
        {
            y.CheckKeys(match, "a segment match", MatchKeys);
            var properties = new Dictionary<string, string>(StringComparer.Ordinal);
            if (y.Map(match, "properties") is { } props)
            {
                foreach (var (k, v) in props.Children)
                {
                    if (v is YamlScalarNode { Value: { } value })
                    {
                        properties[((YamlScalarNode)k).Value ?? ""] = value;
                    }
                    else
                    {
                        y.Error(v, "match properties compare single values.", null);
                    }
                }
            }

            var ids = y.Strings(match, "ids");
            foreach (string pattern in ids)
            {
                if (pattern.Contains("***", StringComparison.Ordinal) || pattern.Length == 0)
                {
                    y.Error(match, $"id pattern '{pattern}' is not valid.", "use '*' within a path segment and '**' across segments.");
                }
            }

            var sensitivities = y.Strings(match, "sensitivities");
            foreach (string level in sensitivities)
            {
                if (level is not ("low" or "medium" or "high" or "critical" or "unspecified"))
                {
                    y.Error(match, $"sensitivity '{level}' is not known.", "use low, medium, high, critical or unspecified.");
                }
            }

            resourceMatch = new ResourceMatch { Types = y.Strings(match, "types"), Ids = ids, Sensitivities = sensitivities, Properties = properties };
        }

        var sensitivity = Sensitivity.Medium;
        if (y.String(map, "sensitivity") is { } s)
        {
            sensitivity = s switch
            {
                "low" => Sensitivity.Low,
                "medium" => Sensitivity.Medium,
                "high" => Sensitivity.High,
                "critical" => Sensitivity.Critical,
                _ => Invalid(y, YamlReader.Get(map, "sensitivity")!, $"sensitivity '{s}' is not known.", "use low, medium, high or critical.", Sensitivity.Medium),
            };
        }

        var requirements = Requirements.None;
        if (y.Map(map, "require") is { } req)
        {
            y.CheckKeys(req, "'require'", RequireKeys);
            string? strength = y.String(req, "authentication");
            if (strength is not (null or "mfa" or "phr"))
            {
                y.Error(YamlReader.Get(req, "authentication")!, $"authentication strength '{strength}' is not known.", "use mfa or phr (phishing-resistant).");
            }

            requirements = new Requirements
            {
                CompliantDevice = y.Bool(req, "compliant_device") ?? false,
                ManagedDevice = y.Bool(req, "managed_device") ?? false,
                AuthenticationStrength = strength,
            };
        }

        RiskBands? bands = null;
        if (y.Map(map, "bands") is { } b)
        {
            y.CheckKeys(b, "'bands'", BandKeys);
            var defaults = RiskBands.For(sensitivity);
            bands = new RiskBands
            {
                StepUpAt = y.Int(b, "step_up_at", 0, 101) ?? defaults.StepUpAt,
                LimitAt = y.Int(b, "limit_at", 0, 101) ?? defaults.LimitAt,
                DenyAt = y.Int(b, "deny_at", 0, 101) ?? defaults.DenyAt,
                AcrValues = y.String(b, "acr_values") ?? defaults.AcrValues,
                MaxAgeSeconds = y.Int(b, "max_age", 0, 31_536_000) ?? defaults.MaxAgeSeconds,
                LimitActions = YamlReader.Get(b, "limit_actions") is null ? defaults.LimitActions : y.Strings(b, "limit_actions"),
            };
            if (bands.StepUpAt > bands.DenyAt || (bands.LimitAt <= 100 && (bands.LimitAt < bands.StepUpAt || bands.LimitAt > bands.DenyAt)))
            {
                y.Error(b, $"bands of segment '{name}' are out of order (step_up_at {bands.StepUpAt}, limit_at {bands.LimitAt}, deny_at {bands.DenyAt}).",
                    "keep step_up_at <= limit_at <= deny_at; use 101 to switch a band off.");
            }
        }

        var rules = new List<RuleDefinition>();
        if (y.Sequence(map, "rules") is { } ruleNodes)
        {
            var ruleNames = new HashSet<string>(StringComparer.Ordinal);
            foreach (var node in ruleNodes.Children)
            {
                if (node is not YamlMappingNode ruleMap)
                {
                    y.Error(node, "each rule must be a mapping.", null);
                    continue;
                }

                var rule = ParseRule(y, ruleMap, name);
                if (rule is not null && !ruleNames.Add(rule.Name))
                {
                    y.Error(ruleMap, $"rule name '{rule.Name}' is used twice in segment '{name}'.", "give each rule its own name.");
                }

                if (rule is not null)
                {
                    rules.Add(rule);
                }
            }
        }

        return name is null ? null : new SegmentDefinition
        {
            Name = name,
            Description = y.String(map, "description"),
            Match = resourceMatch,
            Sensitivity = sensitivity,
            Mode = ParseMode(y, map),
            Upstream = ParseUpstream(y, map),
            Requirements = requirements,
            Bands = bands,
            Rules = rules,
            Position = YamlReader.Position(map),
        };
    }

    private static RuleDefinition? ParseRule(YamlReader y, YamlMappingNode map, string? segment)
    {
        y.CheckKeys(map, "a rule", RuleKeys);
        string? name = y.String(map, "name", required: true, where: $"a rule of segment '{segment}'");
        var actions = y.Strings(map, "actions");
        if (actions.Count == 0)
        {
            y.Error(map, $"rule '{name}' names no actions.", "add 'actions: [read]' (or '*' for every action).");
        }

        var effect = RuleEffect.Permit;
        if (y.String(map, "effect") is { } e)
        {
            effect = e switch
            {
                "permit" or "allow" => RuleEffect.Permit,
                "deny" => RuleEffect.Deny,
                _ => Invalid(y, YamlReader.Get(map, "effect")!, $"effect '{e}' is not known.", "use permit or deny.", RuleEffect.Permit),
            };
        }

        var subjects = SubjectMatch.Anyone;
        if (y.Map(map, "subjects") is { } s)
        {
            y.CheckKeys(s, "'subjects'", SubjectKeys);
            var kinds = y.Strings(s, "kinds");
            foreach (string kind in kinds)
            {
                if (kind is not ("human" or "workload" or "agent"))
                {
                    y.Error(s, $"subject kind '{kind}' is not known.", "use human, workload or agent.");
                }
            }

            subjects = new SubjectMatch
            {
                Ids = y.Strings(s, "ids"),
                Roles = y.Strings(s, "roles"),
                Groups = y.Strings(s, "groups"),
                Departments = y.Strings(s, "departments"),
                Kinds = kinds,
            };
        }

        var conditionNode = YamlReader.Get(map, "condition");
        return name is null ? null : new RuleDefinition
        {
            Name = name,
            Effect = effect,
            Actions = actions,
            Subjects = subjects,
            Condition = y.String(map, "condition"),
            Position = YamlReader.Position(map),
            ConditionPosition = conditionNode is null ? default : ConditionStart(conditionNode),
        };
    }

    /// <summary>Where the condition's first character is: block scalars (| or &gt;) start on the next line.</summary>
    private static SourcePosition ConditionStart(YamlNode node)
    {
        var position = YamlReader.Position(node);
        if (node is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Literal or YamlDotNet.Core.ScalarStyle.Folded })
        {
            return new SourcePosition(position.Line + 1, position.Column + 2);
        }

        bool quoted = node is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.SingleQuoted or YamlDotNet.Core.ScalarStyle.DoubleQuoted };
        return quoted ? new SourcePosition(position.Line, position.Column + 1) : position;
    }

    private static RolloutMode? ParseMode(YamlReader y, YamlMappingNode map) => y.String(map, "mode") switch
    {
        null => null,
        "monitor" => RolloutMode.Monitor,
        "enforce" => RolloutMode.Enforce,
        var other => Invalid<RolloutMode?>(y, YamlReader.Get(map, "mode")!, $"mode '{other}' is not known.", "use monitor or enforce.", null),
    };

    private static UpstreamCombining? ParseUpstream(YamlReader y, YamlMappingNode map) => y.String(map, "upstream") switch
    {
        null => null,
        "none" => UpstreamCombining.None,
        "authoritative" => UpstreamCombining.Authoritative,
        "deny-overrides" => UpstreamCombining.DenyOverrides,
        "advisory" => UpstreamCombining.Advisory,
        var other => Invalid<UpstreamCombining?>(y, YamlReader.Get(map, "upstream")!, $"upstream '{other}' is not known.", "use none, authoritative, deny-overrides or advisory.", null),
    };

    private static T Invalid<T>(YamlReader y, YamlNode node, string message, string fix, T fallback)
    {
        y.Error(node, message, fix);
        return fallback;
    }
}
