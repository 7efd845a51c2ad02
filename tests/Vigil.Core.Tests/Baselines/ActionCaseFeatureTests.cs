using System.Text;
using Vigil.Core.Baselines;
using Vigil.Core.Telemetry;

namespace Vigil.Core.Tests.Baselines;

/// <summary>Actions keep their case for the policy, while baselines still see GET and get as one habit.</summary>
public sealed class ActionCaseFeatureTests
{
    private static TelemetryEvent Read(string action)
    {
        string json = $$$"""{"@timestamp":"2026-03-02T08:00:00Z","event":{"action":"resource-access"},"user":{"id":"alice"},"labels":{"resource_id":"orders","resource_action":"{{{action}}}"}}""";
        Assert.True(new EcsEventReader().TryRead(Encoding.UTF8.GetBytes(json), out var e, out string? error), error);
        return e;
    }

    [Fact]
    public void TryRead_UpperCaseAction_KeptAsWritten()
    {
        Assert.Equal("GET", Read("GET").ResourceAction);
        Assert.Equal("Get", Read("Get").ResourceAction);
    }

    [Fact]
    public void Extract_ActionsDifferingOnlyByCase_SameActionFeature()
    {
        ulong upper = FeatureExtractor.Extract(Read("GET")).Of(Feature.Action);
        ulong mixed = FeatureExtractor.Extract(Read("GeT")).Of(Feature.Action);
        ulong lower = FeatureExtractor.Extract(Read("get")).Of(Feature.Action);
        ulong other = FeatureExtractor.Extract(Read("post")).Of(Feature.Action);

        Assert.Equal(lower, upper);
        Assert.Equal(lower, mixed);
        Assert.NotEqual(lower, other);
    }
}
