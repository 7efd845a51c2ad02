namespace Vigil.Cel.Tests;

public sealed class RegexTests
{
    // These tests are about semantics, not time: a generous match timeout keeps them deterministic on a loaded machine
    // (the first match also JIT-compiles the non-backtracking engine).
    private static readonly CelOptions Options = new() { RegexTimeout = TimeSpan.FromSeconds(10) };

    private static CelValue Eval(string source)
    {
        var env = new CelEnvironment(Options);
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
    [InlineData("'\U0001F600'.matches('^.{2}$')", false)]
    [InlineData("'\U0001F600'.matches('^.$')", true)]
    [InlineData("'\U0001F600'.matches('^[^a]$')", true)]
    [InlineData("'\U0001F600'.matches('^\\\\W$')", true)]
    [InlineData("'\U0001F600'.matches('^[\\\\W]$')", true)]
    [InlineData("'\U0001F600'.matches('^\\\\S$')", true)]
    [InlineData("'\U0001F600'.matches('^\\\\D$')", true)]
    [InlineData("'\U0001F600'.matches('^[\U0001F600-\U0001F64F]$')", true)]
    [InlineData("'\U0001F600'.matches('^\U0001F600+$')", true)]
    [InlineData("'\U0001F600\U0001F600'.matches('^\U0001F600{2}$')", true)]
    [InlineData("'\U0001F600'.matches('^\\\\x{1F600}$')", true)]
    [InlineData("'\u00e9'.matches('^\\\\x{e9}$')", true)]
    [InlineData("'\u00e9'.matches('^\\\\w$')", false)]
    [InlineData("'\u00e9'.matches('^[\\\\w]$')", false)]
    [InlineData("'\u00e9'.matches('^[\\\\W]$')", true)]
    [InlineData("'\u00e9'.matches('^[\\\\D]$')", true)]
    [InlineData("'\u2003'.matches('^\\\\s$')", false)]
    [InlineData("'\u2003'.matches('^[\\\\S]$')", true)]
    [InlineData("'\u0663'.matches('^[\\\\D]$')", true)]
    [InlineData("'\u00e9'.matches('^\\\\pL$')", true)]
    [InlineData("'\u00e9'.matches('^\\\\p{L}$')", true)]
    [InlineData("'1'.matches('^\\\\PL$')", true)]
    [InlineData("'\u00e9'.matches('^\\\\PL$')", false)]
    [InlineData("'\U0001D400'.matches('^\\\\pL$')", true)]
    [InlineData("'\u03b1\u03b2'.matches('^\\\\p{Greek}+$')", true)]
    [InlineData("'ab'.matches('^\\\\p{Greek}+$')", false)]
    [InlineData("'ab'.matches('^\\\\P{Greek}+$')", true)]
    [InlineData("'\u03b1'.matches('^[\\\\p{Greek}a]$')", true)]
    [InlineData("'a\\nb'.matches('a.b')", false)]
    [InlineData("'a\\nb'.matches('(?s)a.b')", true)]
    [InlineData("'a\\nb'.matches('a[^x]b')", true)]
    [InlineData("'a\\nb'.matches('(?m)^b$')", true)]
    [InlineData("'A'.matches('(?i)a')", true)]
    [InlineData("'\t'.matches('^[[:blank:]]$')", true)]
    [InlineData("'a'.matches('^[[:^alpha:]]$')", false)]
    [InlineData("'A'.matches('\\\\101')", true)]
    [InlineData("'a{'.matches('a{')", true)]
    [InlineData("'a.b'.matches('\\\\Qa.b\\\\E')", true)]
    [InlineData("'axb'.matches('\\\\Qa.b\\\\E')", false)]
    public void Matches_CodePointsAndRe2Classes_FollowRe2(string source, bool expected)
    {
        var result = Eval(source);

        Assert.Equal(CelKind.Bool, result.Kind);
        Assert.Equal(expected, result.AsBool);
    }

    [Fact]
    public void Matches_LoneSurrogateInData_IsOneReplacementCharacter()
    {
        var env = new CelEnvironment(Options);
        env.Declare("s", CelType.String);
        var program = env.Compile("s.matches('^..$')").Program!;

        Assert.True(program.Evaluate(new CelActivation(env).Set("s", CelValue.String("\ud800a"))).IsTrue);
        Assert.False(program.Evaluate(new CelActivation(env).Set("s", CelValue.String("\ud83d\ude00"))).IsTrue);
    }

    [Theory]
    [InlineData("'\U0001F600' > '\uffff'", true)]
    [InlineData("'\uffff' < '\U0001F600'", true)]
    [InlineData("'\ue000' < '\U00010000'", true)]
    [InlineData("'a\U0001F600' > 'a\uffff'", true)]
    [InlineData("'ab' > 'a'", true)]
    [InlineData("'a' < 'b'", true)]
    [InlineData("'\U0001F600' >= '\U0001F600'", true)]
    public void Compare_Strings_OrderByCodePoint(string source, bool expected)
    {
        Assert.Equal(expected, Eval(source).IsTrue);
    }

    [Theory]
    [InlineData("'a'.matches('a(?=b)')")]
    [InlineData("'a'.matches('a(?!b)')")]
    [InlineData("'a'.matches('(?<=a)b')")]
    [InlineData("'a'.matches('(?>a)')")]
    [InlineData("'aa'.matches('(a)\\\\1')")]
    [InlineData("'a'.matches('\\\\p{Klingon}')")]
    [InlineData("'a'.matches('\\\\e')")]
    [InlineData("'a'.matches('a**')")]
    [InlineData("'a'.matches('[a')")]
    [InlineData("'a'.matches('[b-a]')")]
    [InlineData("'a'.matches('(?U)a+')")]
    [InlineData("'a'.matches('(')")]
    [InlineData("'a'.matches('a{1001}')")]
    public void Compile_PatternOutsideRe2_IsRejected(string source)
    {
        Assert.False(new CelEnvironment(Options).Compile(source).Success);
    }

    [Fact]
    public void Matches_PatternFromData_InvalidPatternIsAnError()
    {
        var env = new CelEnvironment(Options);
        env.Declare("p", CelType.String);
        var program = env.Compile("'aaa'.matches(p)").Program!;

        var result = program.Evaluate(new CelActivation(env).Set("p", CelValue.String("(a)\\1")));

        Assert.True(result.IsError);
    }

    [Fact]
    public void Matches_LargeUnicodeClassInPatternFromData_IsAnErrorNotASlowCompile()
    {
        var env = new CelEnvironment(Options);
        env.Declare("p", CelType.String);
        var program = env.Compile("'a'.matches(p)").Program!;

        var result = program.Evaluate(new CelActivation(env).Set("p", CelValue.String("^\\pL$")));

        Assert.True(result.IsError, result.ToString());
        Assert.Contains("constant", result.ErrorMessage, StringComparison.Ordinal);
        Assert.True(program.Evaluate(new CelActivation(env).Set("p", CelValue.String("^\\p{Greek}|a$"))).IsTrue);
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
