namespace Vigil.Cel.Tests;

public sealed class CelEnvironmentTests
{
    [Fact]
    public void Compile_UnknownFieldOnDeclaredObject_ReportsLineAndColumn()
    {
        var env = PolicyFixture.Create();

        var result = env.Compile("subject.department == 'x' &&\n  subject.departmnet == 'y'");

        Assert.False(result.Success);
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(2, d.Line);
        Assert.Equal(11, d.Column);
        Assert.Contains("undefined field 'departmnet'", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_TypeMismatch_IsRejectedWithOperatorAndTypes()
    {
        var env = PolicyFixture.Create();

        var result = env.Compile("risk.score < 'high'");

        var d = Assert.Single(result.Diagnostics);
        Assert.Equal((1, 12), (d.Line, d.Column));
        Assert.Contains("no matching overload for '<' applied to '(int, string)'", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_SeveralErrors_ReportsAllOfThem()
    {
        var env = PolicyFixture.Create();

        var result = env.Compile("subject.nope && unknownVar && risk.score + 'a' > 1");

        Assert.Equal(3, result.Diagnostics.Count);
    }

    [Theory]
    [InlineData("subject.id == 'a' #", 1, 19)]
    [InlineData("subject.id == 'a' ;", 1, 19)]
    [InlineData("1 + 2 3", 1, 7)]
    [InlineData("'unterminated", 1, 1)]
    [InlineData("a.b(", 1, 5)]
    [InlineData("1 +\n\n  @", 3, 3)]
    public void Compile_StrayOrMalformedInput_IsASyntaxErrorWithPosition(string source, int line, int column)
    {
        var env = PolicyFixture.Create();

        var result = env.Compile(source);

        var d = Assert.Single(result.Diagnostics);
        Assert.Equal((line, column), (d.Line, d.Column));
        Assert.StartsWith("syntax error", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_DeeplyNestedParentheses_IsACleanErrorNotAStackOverflow()
    {
        var env = new CelEnvironment();
        string source = new string('(', 100_000) + "1" + new string(')', 100_000);

        var result = new CelEnvironment(new CelOptions { MaxExpressionLength = 1_000_000 }).Compile(source);

        Assert.False(result.Success);
        Assert.Contains("nesting exceeds", result.Diagnostics[0].Message, StringComparison.Ordinal);
        Assert.True(env.Compile("((((1))))").Success);
    }

    [Fact]
    public void Compile_LongLeftAssociativeChain_IsBoundedByDepthLimit()
    {
        string source = string.Join(" + ", Enumerable.Repeat("1", 500));

        var result = new CelEnvironment().Compile(source);

        Assert.False(result.Success);
        Assert.Contains("nesting exceeds the limit of 64", result.Diagnostics[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_LongConjunction_IsBalancedAndAccepted()
    {
        var env = PolicyFixture.Create();
        string source = string.Join(" && ", Enumerable.Repeat("risk.score < 40", 200));

        var program = PolicyFixture.MustCompile(env, source);

        Assert.True(program.EvaluateCondition(PolicyFixture.Activation(env)));
    }

    [Fact]
    public void Compile_SourceOverSizeLimit_IsRejected()
    {
        var env = new CelEnvironment(new CelOptions { MaxExpressionLength = 10 });

        var result = env.Compile("1 + 2 + 3 + 4");

        Assert.Contains("exceeds the limit of 10 characters", Assert.Single(result.Diagnostics).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_NestedComprehensionsOverCostLimit_AreRejected()
    {
        var env = PolicyFixture.Create(new CelOptions { MaxCost = 50_000 });

        var result = env.Compile("context.a.all(x, context.b.all(y, context.c.exists(z, x + y == z)))");

        Assert.False(result.Success);
        Assert.Contains("estimated cost", result.Diagnostics[0].Message, StringComparison.Ordinal);
        Assert.True(env.Compile("subject.roles.exists(r, r == 'admin')").Success);
    }

    [Fact]
    public void Compile_UnsupportedRegexFeature_IsACompileError()
    {
        var env = PolicyFixture.Create();

        var result = env.Compile("subject.id.matches('(a)\\\\1')");

        Assert.Contains("backreferences are not supported", Assert.Single(result.Diagnostics).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_ReservedWordAsIdentifier_IsRejected()
    {
        var result = new CelEnvironment().Compile("while");

        Assert.Contains("reserved identifier", Assert.Single(result.Diagnostics).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_OutOfRangeLimit_NamesTheSetting()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new CelEnvironment(new CelOptions { MaxNestingDepth = 10_000 }));

        Assert.Contains("MaxNestingDepth", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Declare_SameNameTwice_Throws()
    {
        var env = new CelEnvironment();
        env.Declare("x", CelType.Int);

        Assert.Throws<ArgumentException>(() => env.Declare("x", CelType.String));
    }
}
