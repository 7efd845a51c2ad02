namespace Vigil.Cel.Tests;

/// <summary>An access-policy environment like Vigil's: subject, resource, action, context, risk, device, request.time.</summary>
public static class PolicyFixture
{
    public static readonly CelType Subject = CelType.Object("vigil.Subject", new Dictionary<string, CelType>
    {
        ["id"] = CelType.String,
        ["department"] = CelType.String,
        ["roles"] = CelType.List(CelType.String),
        ["mfa"] = CelType.Bool,
    });

    public static readonly CelType Resource = CelType.Object("vigil.Resource", new Dictionary<string, CelType>
    {
        ["id"] = CelType.String,
        ["type"] = CelType.String,
        ["properties"] = CelType.Map(CelType.String, CelType.Dyn),
    });

    public static readonly CelType Risk = CelType.Object("vigil.Risk", new Dictionary<string, CelType>
    {
        ["score"] = CelType.Int,
        ["reasons"] = CelType.List(CelType.String),
    });

    public static CelEnvironment Create(CelOptions? options = null)
    {
        var env = new CelEnvironment(options);
        env.Declare("subject", Subject);
        env.Declare("resource", Resource);
        env.Declare("action", CelType.String);
        env.Declare("context", CelType.Map(CelType.String, CelType.Dyn));
        env.Declare("risk", Risk);
        env.Declare("device", CelType.Dyn);
        env.Declare("request.time", CelType.Timestamp);
        return env;
    }

    public static CelActivation Activation(CelEnvironment env, long riskScore = 10, string department = "finance")
    {
        var a = new CelActivation(env);
        a.Set("subject", CelValueAdapter.FromObject(new Dictionary<string, object>
        {
            ["id"] = "alice",
            ["department"] = "finance",
            ["roles"] = new[] { "user", "admin" },
            ["mfa"] = true,
        }));
        a.Set("resource", CelValueAdapter.FromObject(new Dictionary<string, object>
        {
            ["id"] = "ledger",
            ["type"] = "document",
            ["properties"] = new Dictionary<string, object> { ["department"] = department, ["tags"] = new[] { "pii" } },
        }));
        a.Set("action", CelValue.String("read"));
        a.Set("context", CelValueAdapter.FromObject(new Dictionary<string, object> { ["ip"] = "10.1.2.3" }));
        a.Set("risk", CelValueAdapter.FromObject(new Dictionary<string, object> { ["score"] = riskScore, ["reasons"] = Array.Empty<string>() }));
        a.Set("device", CelValueAdapter.FromObject(new Dictionary<string, object> { ["managed"] = true, ["os"] = "linux" }));
        a.Set("request.time", CelValue.Timestamp(new DateTimeOffset(2026, 3, 2, 9, 30, 0, TimeSpan.Zero)));
        return a;
    }

    public static CelProgram MustCompile(CelEnvironment env, string source)
    {
        var result = env.Compile(source);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        return result.Program!;
    }
}
