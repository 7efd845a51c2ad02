namespace Vigil.Cel.Tests;

/// <summary>Behaviour of library functions beyond what the conformance files pin down.</summary>
public sealed class StandardLibraryTests
{
    private static CelValue Eval(string source, Action<CelEnvironment, CelActivation>? bind = null, Action<CelEnvironment>? declare = null)
    {
        var env = new CelEnvironment();
        declare?.Invoke(env);
        var compiled = env.Compile(source);
        Assert.True(compiled.Success, string.Join("; ", compiled.Diagnostics));
        var activation = new CelActivation(env);
        bind?.Invoke(env, activation);
        return compiled.Program!.Evaluate(activation);
    }

    [Theory]
    [InlineData("cidr('10.0.0.0/8').containsIP('10.255.0.1')", true)]
    [InlineData("cidr('10.0.0.0/8').containsIP('11.0.0.1')", false)]
    [InlineData("cidr('2001:db8::/32').containsIP('2001:db8:ffff::1')", true)]
    [InlineData("cidr('10.0.0.0/8').containsIP('2001:db8::1')", false)]
    [InlineData("cidr('0.0.0.0/0').containsIP('203.0.113.7')", true)]
    [InlineData("ip('::ffff:a00:1') == ip('10.0.0.1')", true)]
    [InlineData("ip('10.0.0.1').isGlobalUnicast() && !ip('fe80::1').isGlobalUnicast()", true)]
    public void Network_ContainmentAndEquality_FollowNetworkExtension(string source, bool expected)
    {
        var result = Eval(source);

        Assert.Equal(CelKind.Bool, result.Kind);
        Assert.Equal(expected, result.AsBool);
    }

    [Theory]
    [InlineData("cidr('10.0.0.0/8').containsIP('10.0.0.256')")]
    [InlineData("cidr('10.0.0.0/8').containsIP('010.0.0.1')")]
    [InlineData("ip('1.2.3')")]
    [InlineData("cidr('10.0.0.0/33')")]
    public void Network_MalformedAddress_IsAnError(string source)
    {
        Assert.True(Eval(source).IsError);
    }

    [Fact]
    public void Network_ContainsIpOnStringAttribute_AllocatesNothing()
    {
        var env = new CelEnvironment();
        env.Declare("ip", CelType.String);
        var program = env.Compile("cidr('10.0.0.0/8').containsIP(ip)").Program!;
        var activation = new CelActivation(env).Set("ip", CelValue.String("10.20.30.40"));
        program.EvaluateCondition(activation);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            program.EvaluateCondition(activation);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Theory]
    [InlineData("duration('99999999999999999999999h')")]
    [InlineData("duration('1h' + '1h' + 'x')")]
    [InlineData("timestamp('2024-02-30T00:00:00Z')")]
    [InlineData("timestamp('2024-01-01 00:00:00Z')")]
    public void Time_OutOfRangeOrMalformed_IsAnErrorNotAWrap(string source)
    {
        Assert.True(Eval(source).IsError);
    }

    [Fact]
    public void Time_DurationArithmeticAndFormatting_RoundTrips()
    {
        var result = Eval("string(timestamp('2024-01-01T00:00:00Z') + duration('1h30m0.5s')) + ' ' + string(duration('-1.5s'))");

        Assert.Equal("2024-01-01T01:30:00.5Z -1.5s", result.AsString);
    }

    [Fact]
    public void Strings_FormatAndCodePointIndexing_WorkOnUnicode()
    {
        var result = Eval("'%s has %d roles (%.1f%%)'.format(['ana', 2, 12.25]) + '|' + 'añb😀c'.substring(2, 4) + '|' + string(size('😀'))");

        Assert.Equal("ana has 2 roles (12.2%)|b😀|1", result.AsString);
    }

    [Fact]
    public void Macros_TwoVariableFormsOverDeclaredMap_SeeKeysAndValues()
    {
        var result = Eval(
            "labels.all(k, v, k.startsWith('team-') && v != '') && labels.transformMap(k, v, v.upperAscii())['team-a'] == 'PAY'",
            (_, a) => a.Set("labels", CelValueAdapter.FromObject(new Dictionary<string, string> { ["team-a"] = "pay", ["team-b"] = "ops" })),
            env => env.Declare("labels", CelType.Map(CelType.String, CelType.String)));

        Assert.True(result.IsTrue, result.ToString());
    }

    [Fact]
    public void CelMapCreate_RepeatedKey_Throws()
    {
        var entries = new[]
        {
            new KeyValuePair<CelValue, CelValue>(CelValue.Int(1), CelValue.True),
            new KeyValuePair<CelValue, CelValue>(CelValue.Uint(1), CelValue.False),
        };

        Assert.Throws<ArgumentException>(() => CelMap.Create(entries));
    }
}
