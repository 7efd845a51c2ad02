using System.Text;
using System.Text.Json;

namespace Vigil.Cel.Tests;

/// <summary>Run-time cost and memory budgets (issue 11, "CEL under hostile data"): exhaustion is an error value, never an exception.</summary>
public sealed class EvaluationBudgetTests
{
    private static CelActivation WithContext(CelEnvironment env, string json)
    {
        var activation = PolicyFixture.Activation(env);
        using var doc = JsonDocument.Parse(Encoding.UTF8.GetBytes(json));
        activation.Set("context", CelValueAdapter.FromJson(doc.RootElement));
        return activation;
    }

    private static string BigListJson(int count) => "{\"big\": [" + string.Join(",", Enumerable.Range(0, count)) + "]}";

    [Fact]
    public void Evaluate_MapConcatenatingHugeListFromRequest_ReturnsMemoryBudgetError()
    {
        // Without a budget this builds 10,000 lists of 20,000 elements (~5 GB) and throws OutOfMemoryException.
        var env = PolicyFixture.Create();
        var program = PolicyFixture.MustCompile(env, "size(context.big.map(i, context.big + context.big)) > 0");

        var result = program.Evaluate(WithContext(env, BigListJson(10_000)));

        Assert.True(result.IsError, result.ToString());
        Assert.Contains("MaxAllocation", result.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_TenChainedDoublingReplacesOnRequestString_ReturnsMemoryBudgetError()
    {
        var env = PolicyFixture.Create();
        string chain = "context.s" + string.Concat(Enumerable.Repeat(".replace('a', 'aa')", 10));
        var program = PolicyFixture.MustCompile(env, $"size({chain}) > 0");

        var result = program.Evaluate(WithContext(env, "{\"s\": \"" + new string('a', 100_000) + "\"}"));

        Assert.True(result.IsError, result.ToString());
        Assert.Contains("MaxAllocation", result.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_OneReplaceWithHugeExpansion_IsRefusedBeforeAllocating()
    {
        // One call whose result alone would be 10^5 x 10^5 characters: the size is checked before building it.
        var env = PolicyFixture.Create();
        var program = PolicyFixture.MustCompile(env, "size(context.s.replace('a', context.s)) > 0");

        var result = program.Evaluate(WithContext(env, "{\"s\": \"" + new string('a', 100_000) + "\"}"));

        Assert.True(result.IsError, result.ToString());
        Assert.Contains("MaxAllocation", result.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_ConstantExpressionOverBudget_IsAnErrorNotAnException()
    {
        // Constant subtrees are folded at compile time, which is bounded by the same budget.
        var env = new CelEnvironment(new CelOptions { MaxAllocation = 10_000 });
        string chain = "'" + new string('a', 100) + "'" + string.Concat(Enumerable.Repeat(".replace('a', 'aa')", 10));

        var compiled = env.Compile($"size({chain})");

        Assert.True(compiled.Success);
        var result = compiled.Program!.Evaluate(new CelActivation(env));
        Assert.True(result.IsError, result.ToString());
        Assert.Contains("MaxAllocation", result.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_BudgetErrorInsideAbsorbingOr_StillErrors()
    {
        // 'true || error' is true in CEL, but an evaluation cut short by its budget must never grant.
        var env = PolicyFixture.Create();
        var program = PolicyFixture.MustCompile(env, "size(context.big.map(i, context.big + context.big)) > 0 || true");

        var result = program.Evaluate(WithContext(env, BigListJson(10_000)));

        Assert.True(result.IsError, result.ToString());
        Assert.False(program.EvaluateCondition(WithContext(env, BigListJson(10_000))));
    }

    [Fact]
    public void Evaluate_QuadraticMembershipOverRequestList_ReturnsCostBudgetError()
    {
        // 5,000 iterations, each scanning 5,000 elements: under MaxIterations, but 25 million comparisons.
        var env = PolicyFixture.Create();
        var program = PolicyFixture.MustCompile(env, "context.big.all(x, x in context.big)");

        var result = program.Evaluate(WithContext(env, BigListJson(5_000)));

        Assert.True(result.IsError, result.ToString());
        Assert.Contains("MaxRuntimeCost", result.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_ModestDataUnderBudget_EvaluatesNormally()
    {
        var env = PolicyFixture.Create();
        var program = PolicyFixture.MustCompile(env,
            "context.big.map(i, string(i) + '-x').filter(s, s.endsWith('-x')).size() == 1000 && context.big.all(x, x in context.big)");

        Assert.True(program.EvaluateCondition(WithContext(env, BigListJson(1_000))));
    }

    [Fact]
    public void Evaluate_AfterABudgetBreach_NextEvaluationStartsFresh()
    {
        var env = PolicyFixture.Create(new CelOptions { MaxAllocation = 1_000 });
        var program = PolicyFixture.MustCompile(env, "size(context.big + context.big) > 0");

        Assert.True(program.Evaluate(WithContext(env, BigListJson(1_000))).IsError);
        Assert.True(program.EvaluateCondition(WithContext(env, BigListJson(100))));
    }

    [Theory]
    [InlineData(nameof(CelOptions.MaxRuntimeCost))]
    [InlineData(nameof(CelOptions.MaxAllocation))]
    public void Constructor_NonPositiveBudget_ThrowsNamingTheSetting(string setting)
    {
        var options = setting == nameof(CelOptions.MaxRuntimeCost) ? new CelOptions { MaxRuntimeCost = 0 } : new CelOptions { MaxAllocation = 0 };

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new CelEnvironment(options));

        Assert.Contains(setting, ex.Message, StringComparison.Ordinal);
    }
}
