using System.Text;
using System.Text.Json;

namespace Vigil.Cel.Tests;

/// <summary>Optional types and cel.block (issue 11, "CEL under hostile data"), on request data as policies see it.</summary>
public sealed class OptionalTypesTests
{
    private static CelValue Run(string expr, string contextJson = "{}")
    {
        var env = PolicyFixture.Create();
        var program = PolicyFixture.MustCompile(env, expr);
        var activation = PolicyFixture.Activation(env);
        using var doc = JsonDocument.Parse(Encoding.UTF8.GetBytes(contextJson));
        activation.Set("context", CelValueAdapter.FromJson(doc.RootElement));
        return program.Evaluate(activation);
    }

    [Theory]
    [InlineData("{}", "none")]
    [InlineData("{\"labels\": {}}", "none")]
    [InlineData("{\"labels\": {\"env\": \"prod\"}}", "prod")]
    public void Evaluate_OptionalChainOnRequestData_AbsentLinkGivesDefault(string context, string expected)
    {
        var result = Run("context.?labels.?env.orValue('none')", context);

        Assert.Equal(CelValue.String(expected), result);
    }

    [Fact]
    public void Evaluate_OptionalSelectOnNonMap_ReturnsError()
    {
        // labels is a string here: .?env on it is an error (a denial in a condition), not none.
        var result = Run("context.?labels.?env.orValue('none') == 'none'", "{\"labels\": \"x\"}");

        Assert.True(result.IsError, result.ToString());
    }

    [Fact]
    public void Evaluate_OptionalIndexOnRequestList_OutOfRangeIsNone()
    {
        Assert.Equal(CelValue.False, Run("context.groups[?5].hasValue()", "{\"groups\": [\"a\"]}"));
        Assert.Equal(CelValue.String("a"), Run("context.groups[?0].value()", "{\"groups\": [\"a\"]}"));
    }

    [Fact]
    public void Evaluate_PathThroughLocalBoundToOptional_StaysOptional()
    {
        // o.a.b on a local compiles to one fused path walk; through an optional it must stay optional.
        Assert.Equal(CelValue.Int(1), Run("cel.bind(o, optional.of({'a': {'b': 1}}), o.a.b.value())"));
        Assert.Equal(CelValue.False, Run("cel.bind(o, optional.none(), o.a.b.hasValue())"));
        Assert.Equal(CelValue.False, Run("cel.bind(o, optional.of({'a': {}}), o.a.b.hasValue())"));
    }

    [Fact]
    public void Evaluate_OptionalEntryGivenPlainValue_ReturnsError()
    {
        Assert.True(Run("size([?context.ip]) == 1", "{\"ip\": \"10.0.0.1\"}").IsError);
        Assert.True(Run("size({?'k': context.ip}) == 1", "{\"ip\": \"10.0.0.1\"}").IsError);
    }

    [Fact]
    public void Evaluate_OptionalEntries_KeepOnlyPresentValues()
    {
        var result = Run("size([?context.?a, ?context.?b, 'c']) == 2 && size({?'a': context.?a, ?'b': context.?b}) == 1", "{\"a\": 1}");

        Assert.Equal(CelValue.True, result);
    }

    [Fact]
    public void Evaluate_OrValueOnPresentOptional_DoesNotEvaluateAlternative()
    {
        // The alternative would be an error (no such key); orValue evaluates it only when needed.
        Assert.Equal(CelValue.Int(1), Run("optional.of(1).orValue(context.missing)"));
        Assert.True(Run("optional.none().orValue(context.missing)").IsError);
    }

    [Fact]
    public void Evaluate_OptMapAndOptFlatMap_BindTheValue()
    {
        Assert.Equal(CelValue.Int(3), Run("context.?n.optMap(x, x + 1).value()", "{\"n\": 2}"));
        Assert.Equal(CelValue.False, Run("context.?n.optFlatMap(x, optional.ofNonZeroValue(x)).hasValue()", "{\"n\": 0}"));
    }

    [Fact]
    public void Evaluate_CelBlock_ReusesBindings()
    {
        var result = Run("cel.block([context.s, cel.index(0) + cel.index(0)], size(cel.index(1)))", "{\"s\": \"ab\"}");

        Assert.Equal(CelValue.Int(4), result);
    }

    [Fact]
    public void Compile_BlockWithManyBindings_IsFlatNotNested()
    {
        // Optimisers emit one binding per common subexpression; 500 bindings must not count as 500 levels of
        // nesting (the limit is 64) nor recurse 500 deep when checked, compiled or evaluated.
        var bindings = string.Join(", ", Enumerable.Range(0, 500).Select(i => i == 0 ? "1" : $"cel.index({i - 1}) + 1"));
        var env = new CelEnvironment();

        var compiled = env.Compile($"cel.block([{bindings}], cel.index(499))");

        Assert.True(compiled.Success, string.Join("; ", compiled.Diagnostics));
        Assert.Equal(CelValue.Int(500), compiled.Program!.Evaluate(new CelActivation(env)));
    }

    [Theory]
    [InlineData("cel.block([1], cel.index(1))")]
    [InlineData("cel.index(0) == 1")]
    [InlineData("cel.block(context.list, 1) == 1")]
    [InlineData("cel.block([1], cel.index(-1)) == 1")]
    public void Compile_MalformedBlock_IsCompileError(string expr)
    {
        var env = PolicyFixture.Create();

        var compiled = env.Compile(expr);

        Assert.False(compiled.Success);
    }
}
