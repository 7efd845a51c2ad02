namespace Vigil.Cel.Tests;

public sealed class CelProgramTests
{
    private const string Condition = "subject.department == resource.properties.department && 'admin' in subject.roles && risk.score < 40";

    [Fact]
    public void EvaluateCondition_MatchingRequest_Grants()
    {
        var env = PolicyFixture.Create();
        var program = PolicyFixture.MustCompile(env, Condition);

        Assert.True(program.EvaluateCondition(PolicyFixture.Activation(env)));
    }

    [Fact]
    public void EvaluateCondition_HighRisk_Denies()
    {
        var env = PolicyFixture.Create();
        var program = PolicyFixture.MustCompile(env, Condition);

        Assert.False(program.EvaluateCondition(PolicyFixture.Activation(env, riskScore: 80)));
    }

    [Fact]
    public void EvaluateCondition_MissingMapKey_DeniesAndEvaluateReturnsError()
    {
        var env = PolicyFixture.Create();
        var program = PolicyFixture.MustCompile(env, "resource.properties.owner == subject.id || risk.score > 1000");

        var result = program.Evaluate(PolicyFixture.Activation(env));

        Assert.True(result.IsError);
        Assert.Contains("no such key: 'owner'", result.ErrorMessage, StringComparison.Ordinal);
        Assert.False(program.EvaluateCondition(PolicyFixture.Activation(env)));
    }

    [Fact]
    public void EvaluateCondition_ExistsWhosePredicateErrors_DeniesInsteadOfReturningFalse()
    {
        var env = PolicyFixture.Create();
        // Every element errors (int / 0): exists must surface the error, not 'false' (which !exists would turn into a grant).
        var program = PolicyFixture.MustCompile(env, "!context.counts.exists(c, 10 / c > 1)");
        var activation = PolicyFixture.Activation(env);
        activation.Set("context", CelValueAdapter.FromObject(new Dictionary<string, object> { ["counts"] = new[] { 0, 0 } }));

        Assert.True(program.Evaluate(activation).IsError);
        Assert.False(program.EvaluateCondition(activation));
    }

    [Theory]
    [InlineData("false && (1 / 0 == 1)", "false")]
    [InlineData("(1 / 0 == 1) && false", "false")]
    [InlineData("true || (1 / 0 == 1)", "true")]
    [InlineData("(1 / 0 == 1) || true", "true")]
    [InlineData("(1 / 0 == 1) && true", "error")]
    [InlineData("false || (1 / 0 == 1)", "error")]
    [InlineData("[1, 0].exists(x, 1 / x == 1)", "true")]
    [InlineData("[0, 1].all(x, 1 / x == 2)", "false")]
    [InlineData("9223372036854775807 + 1", "error")]
    [InlineData("-9223372036854775808 - 1", "error")]
    [InlineData("18446744073709551615u + 1u", "error")]
    [InlineData("0u - 1u", "error")]
    [InlineData("1 == 1.0 && 1u == 1.0", "error-compile")]
    [InlineData("dyn(1) == 1.0 && dyn(1u) == 1.0 && dyn(2) > 1.5", "true")]
    public void Evaluate_ErrorAndNumericSemantics_FollowLangdef(string source, string expected)
    {
        var env = new CelEnvironment();
        var compiled = env.Compile(source);
        if (expected == "error-compile")
        {
            Assert.False(compiled.Success);
            return;
        }

        var result = compiled.Program!.Evaluate(new CelActivation(env));

        if (expected == "error")
        {
            Assert.True(result.IsError, result.ToString());
        }
        else
        {
            Assert.Equal(expected == "true", result.IsTrue);
            Assert.Equal(CelKind.Bool, result.Kind);
        }
    }

    [Fact]
    public void Evaluate_UnboundVariable_IsAnErrorNotAnException()
    {
        var env = PolicyFixture.Create();
        var program = PolicyFixture.MustCompile(env, "device.managed == true");

        var result = program.Evaluate(new CelActivation(env));

        Assert.True(result.IsError);
        Assert.Contains("'device' is not bound", result.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_ValueOfWrongKindForDeclaredType_IsAnErrorNotACrash()
    {
        var env = PolicyFixture.Create();
        var program = PolicyFixture.MustCompile(env, "risk.score < 40");
        var activation = PolicyFixture.Activation(env);
        activation.Set("risk", CelValueAdapter.FromObject(new Dictionary<string, object> { ["score"] = "low" }));

        Assert.True(program.Evaluate(activation).IsError);
    }

    [Fact]
    public void Evaluate_TimeZoneAccessorsOnRequestTime_UseTheNamedZone()
    {
        var env = PolicyFixture.Create();
        var program = PolicyFixture.MustCompile(env,
            "request.time.getHours('Europe/Berlin') == 10 && request.time.getDayOfWeek() == 1 && request.time.getFullYear() == 2026");

        Assert.True(program.EvaluateCondition(PolicyFixture.Activation(env)));
    }

    [Fact]
    public void Evaluate_NetworkExtension_MatchesContextIp()
    {
        var env = PolicyFixture.Create();
        var program = PolicyFixture.MustCompile(env, "cidr('10.0.0.0/8').containsIP(context.ip) && !ip(context.ip).isLoopback()");

        Assert.True(program.EvaluateCondition(PolicyFixture.Activation(env)));
    }

    [Fact]
    public void Evaluate_Macros_FilterMapAndHas()
    {
        var env = PolicyFixture.Create();
        var program = PolicyFixture.MustCompile(env,
            "subject.roles.filter(r, r != 'user').map(r, r.upperAscii()) == ['ADMIN'] && has(resource.properties.tags) && !has(resource.properties.owner)");

        Assert.True(program.EvaluateCondition(PolicyFixture.Activation(env)));
    }

    [Fact]
    public void Evaluate_HugeListFromData_StopsAtIterationBudgetAndDenies()
    {
        var env = PolicyFixture.Create(new CelOptions { MaxIterations = 1_000 });
        var program = PolicyFixture.MustCompile(env, "context.items.all(a, context.items.exists(b, a == b))");
        var activation = PolicyFixture.Activation(env);
        activation.Set("context", CelValueAdapter.FromObject(new Dictionary<string, object> { ["items"] = Enumerable.Range(0, 5_000).ToArray() }));

        var result = program.Evaluate(activation);

        Assert.True(result.IsError);
        Assert.Contains("MaxIterations", result.ErrorMessage, StringComparison.Ordinal);
        activation.Set("context", CelValueAdapter.FromObject(new Dictionary<string, object> { ["items"] = new[] { 1, 2, 3 } }));
        Assert.True(program.EvaluateCondition(activation));
    }

    [Fact]
    public void Evaluate_ThreeClauseCondition_AllocatesNothing()
    {
        var env = PolicyFixture.Create();
        var program = PolicyFixture.MustCompile(env, Condition + " && subject.roles.exists(r, r == 'admin')");
        var activation = PolicyFixture.Activation(env);
        program.EvaluateCondition(activation);

        long before = GC.GetAllocatedBytesForCurrentThread();
        bool all = true;
        for (int i = 0; i < 1000; i++)
        {
            all &= program.EvaluateCondition(activation);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(all);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Evaluate_SameProgramFromManyThreads_GivesSameAnswer()
    {
        var env = PolicyFixture.Create();
        var program = PolicyFixture.MustCompile(env, "subject.roles.exists(r, r == 'admin') && risk.score < 40");

        var results = Enumerable.Range(0, 8).AsParallel().Select(i =>
        {
            var a = PolicyFixture.Activation(env, riskScore: i % 2 == 0 ? 10 : 90);
            return Enumerable.Range(0, 500).All(_ => program.EvaluateCondition(a) == (i % 2 == 0));
        }).ToList();

        Assert.All(results, Assert.True);
    }
}
