using System.Text.Json;

namespace Vigil.Cel.Tests;

public sealed class CelValueAdapterTests
{
    [Fact]
    public void FromJson_Document_EvaluatesFieldsAndNumbers()
    {
        using var doc = JsonDocument.Parse("""{"user":{"groups":["eng","ops"],"age":41,"ratio":0.5,"active":true,"manager":null}}""");
        var env = new CelEnvironment();
        env.Declare("input", CelType.Dyn);
        var program = env.Compile("input.user.age > 40 && input.user.ratio == 0.5 && 'ops' in input.user.groups && input.user.manager == null").Program!;

        var result = program.Evaluate(new CelActivation(env).Set("input", CelValueAdapter.FromJson(doc.RootElement)));

        Assert.True(result.IsTrue, result.ToString());
    }

    [Fact]
    public void FromObject_ArbitraryClass_IsRejectedNotReflected()
    {
        var ex = Assert.Throws<ArgumentException>(() => CelValueAdapter.FromObject(new Uri("https://example.test")));

        Assert.Contains("cannot be converted to CEL", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromObject_DictionaryWithMixedValues_ConvertsEachKind()
    {
        var value = CelValueAdapter.FromObject(new Dictionary<string, object?>
        {
            ["n"] = 3,
            ["u"] = 4u,
            ["d"] = 1.5,
            ["s"] = "x",
            ["b"] = new byte[] { 1 },
            ["t"] = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero),
            ["span"] = TimeSpan.FromMinutes(5),
            ["none"] = null,
        });

        var map = value.AsMap!;
        Assert.Equal(8, map.Count);
        Assert.True(map.TryGetValue(CelValue.String("u"), out var u));
        Assert.Equal(CelKind.Uint, u.Kind);
        Assert.True(map.TryGetValue(CelValue.String("span"), out var span));
        Assert.Equal(TimeSpan.FromMinutes(5), span.AsDuration);
    }
}
