namespace Vigil.Cel.Tests;

public sealed class RegexTests
{
    private static CelValue Eval(string source)
    {
        var env = new CelEnvironment();
        var compiled = env.Compile(source);
        Assert.True(compiled.Success, string.Join("; ", compiled.Diagnostics));
        return compiled.Program!.Evaluate(new CelActivation(env));
    }

    [Theory]
    [InlineData("'abc'.matches('^a.c$')", true)]
    [InlineData("'abc\\n'.matches('^abc$')", false)]
    [InlineData("'x9'.matches('^\\\\w\\\\d$')", true)]
    [InlineData("'\u0663'.matches('^\\\\d$')", false)]
    [InlineData("'foo.bar'.matches('(?P<name>[a-z]+)\\\\.bar')", true)]
    [InlineData("'ab'.matches('[[:alpha:]]+')", true)]
    public void Matches_Re2Syntax_FollowsRe2Semantics(string source, bool expected)
    {
        Assert.Equal(expected, Eval(source).IsTrue);
    }

    [Theory]
    [InlineData("'a'.matches('a(?=b)')")]
    [InlineData("'a'.matches('(?U)a+')")]
    [InlineData("'a'.matches('(')")]
    [InlineData("'a'.matches('a{1001}')")]
    public void Compile_PatternOutsideRe2_IsRejected(string source)
    {
        Assert.False(new CelEnvironment().Compile(source).Success);
    }

    [Fact]
    public void Matches_PatternFromData_InvalidPatternIsAnError()
    {
        var env = new CelEnvironment();
        env.Declare("p", CelType.String);
        var program = env.Compile("'aaa'.matches(p)").Program!;

        var result = program.Evaluate(new CelActivation(env).Set("p", CelValue.String("(a)\\1")));

        Assert.True(result.IsError);
    }

    [Fact]
    public void Matches_PathologicalPattern_CompletesWithoutBacktracking()
    {
        // Catastrophic for a backtracking engine; linear for the non-backtracking one.
        var result = Eval("'" + new string('a', 5000) + "!'.matches('^(a+)+$')");

        Assert.Equal(CelKind.Bool, result.Kind);
        Assert.False(result.AsBool);
    }
}
