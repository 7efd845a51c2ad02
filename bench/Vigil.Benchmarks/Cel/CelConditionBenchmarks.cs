using BenchmarkDotNet.Attributes;
using Vigil.Cel;
using PackageCel = global::Cel;

namespace Vigil.Benchmarks.Cel;

/// <summary>
/// Access-policy conditions evaluated by Vigil.Cel and, side by side, by the NuGet package Cel 0.3.3
/// (the only other .NET CEL). Both get the same data; programs are compiled once in setup.
/// Run: dotnet run -c Release --project bench/Vigil.Benchmarks -- --filter '*Cel*'
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class CelConditionBenchmarks
{
    private const string ThreeClause =
        "subject.department == resource.properties.department && 'admin' in subject.roles && risk.score < 40";

    private const string WithMacroAndTime =
        "subject.roles.exists(r, r == 'admin') && request.time.getHours() < 18 && risk.score < 40";

    private const string WithNetwork =
        "cidr('10.0.0.0/8').containsIP(context.ip) && device.managed == true && action == 'read'";

    private CelProgram _vigilThreeClause = null!;
    private CelProgram _vigilMacroTime = null!;
    private CelProgram _vigilNetwork = null!;
    private CelActivation _activation = null!;
    private Func<IDictionary<string, object?>, object?> _packageThreeClause = null!;
    private Dictionary<string, object?> _packageVariables = null!;

    [GlobalSetup]
    public void Setup()
    {
        var env = new CelEnvironment();
        env.Declare("subject", CelType.Object("vigil.Subject", new Dictionary<string, CelType>
        {
            ["department"] = CelType.String,
            ["roles"] = CelType.List(CelType.String),
        }));
        env.Declare("resource", CelType.Object("vigil.Resource", new Dictionary<string, CelType>
        {
            ["properties"] = CelType.Map(CelType.String, CelType.Dyn),
        }));
        env.Declare("risk", CelType.Object("vigil.Risk", new Dictionary<string, CelType> { ["score"] = CelType.Int }));
        env.Declare("action", CelType.String);
        env.Declare("context", CelType.Map(CelType.String, CelType.Dyn));
        env.Declare("device", CelType.Dyn);
        env.Declare("request.time", CelType.Timestamp);
        _vigilThreeClause = Compile(env, ThreeClause);
        _vigilMacroTime = Compile(env, WithMacroAndTime);
        _vigilNetwork = Compile(env, WithNetwork);

        _activation = new CelActivation(env)
            .Set("subject", CelValueAdapter.FromObject(new Dictionary<string, object>
            {
                ["department"] = "finance",
                ["roles"] = new[] { "user", "admin" },
            }))
            .Set("resource", CelValueAdapter.FromObject(new Dictionary<string, object>
            {
                ["properties"] = new Dictionary<string, object> { ["department"] = "finance" },
            }))
            .Set("risk", CelValueAdapter.FromObject(new Dictionary<string, object> { ["score"] = 12L }))
            .Set("action", CelValue.String("read"))
            .Set("context", CelValueAdapter.FromObject(new Dictionary<string, object> { ["ip"] = "10.20.30.40" }))
            .Set("device", CelValueAdapter.FromObject(new Dictionary<string, object> { ["managed"] = true }))
            .Set("request.time", CelValue.Timestamp(new DateTimeOffset(2026, 3, 2, 9, 30, 0, TimeSpan.Zero)));

        var packageEnv = new PackageCel.CelEnvironment(null, null);
        var compiled = packageEnv.Compile(ThreeClause);
        _packageThreeClause = vars => compiled.Invoke(vars);
        _packageVariables = new Dictionary<string, object?>
        {
            ["subject"] = new Dictionary<string, object?>
            {
                ["department"] = "finance",
                ["roles"] = new List<object?> { "user", "admin" },
            },
            ["resource"] = new Dictionary<string, object?>
            {
                ["properties"] = new Dictionary<string, object?> { ["department"] = "finance" },
            },
            ["risk"] = new Dictionary<string, object?> { ["score"] = 12L },
        };

        if (!VigilThreeClause() || !VigilMacroAndTime() || !VigilNetwork() || !CelPackageThreeClause())
        {
            throw new InvalidOperationException("A benchmark condition did not evaluate to true; the comparison would be meaningless.");
        }
    }

    private static CelProgram Compile(CelEnvironment env, string source)
    {
        var result = env.Compile(source);
        return result.Program ?? throw new InvalidOperationException(string.Join("; ", result.Diagnostics));
    }

    [Benchmark(Baseline = true, Description = "Cel 0.3.3: three-clause condition")]
    public bool CelPackageThreeClause() => _packageThreeClause(_packageVariables) is true;

    [Benchmark(Description = "Vigil.Cel: three-clause condition")]
    public bool VigilThreeClause() => _vigilThreeClause.EvaluateCondition(_activation);

    [Benchmark(Description = "Vigil.Cel: exists() + getHours() + compare")]
    public bool VigilMacroAndTime() => _vigilMacroTime.EvaluateCondition(_activation);

    [Benchmark(Description = "Vigil.Cel: cidr().containsIP() + fields")]
    public bool VigilNetwork() => _vigilNetwork.EvaluateCondition(_activation);
}
