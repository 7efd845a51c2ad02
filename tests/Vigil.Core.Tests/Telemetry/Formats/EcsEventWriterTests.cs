using Vigil.Core.Telemetry;
using Vigil.Core.Telemetry.Formats;
using Vigil.Core.Tests.TestSupport;

namespace Vigil.Core.Tests.Telemetry.Formats;

/// <summary>
/// The service journals native events as ECS (<see cref="EcsEventWriter"/>) and replays them with the ECS reader: every
/// sample event must come back with the fields the engine scores on.
/// </summary>
public sealed class EcsEventWriterTests
{
    [Theory]
    [InlineData("Okta.SystemLog")]
    [InlineData("Azure.Audit")]
    [InlineData("Auth0.Events")]
    [InlineData("AWS.CloudTrail")]
    [InlineData("Duo.Authentication")]
    [InlineData("Duo.Administrator")]
    [InlineData("OneLogin.Events")]
    [InlineData("GSuite.ActivityEvent")]
    public void Write_PantherSamples_EcsReaderReadsTheSameEvent(string logType)
    {
        var reader = new FormatEventReader(options: new FormatReaderOptions { MissingTimestampMs = 1_704_067_200_000 });
        var ecs = new EcsEventReader();
        var lines = new List<EcsLine>();
        foreach (byte[] sample in LogSamples.Of(logType))
        {
            reader.Read(sample, 1, lines);
        }

        Assert.NotEmpty(lines);
        foreach (var line in lines.Where(l => l.IsEvent))
        {
            var native = line.Event;
            Assert.True(ecs.TryRead(EcsEventWriter.Write(native), out var back, out string? error), error);
            // Not carried by ECS: the vendor's action name, the provenance (kept in the document as event.dataset but not
            // read), and the anonymiser flag (enrichment sets it from the IP lists). Free text ECS lower-cases on reading.
            // A workload or agent is written as labels.identity_kind, which ECS reads back as the subject's type too.
            var expected = native with
            {
                Action = null,
                Dataset = null,
                SourceCategories = Vigil.Enrichment.Ip.IpCategory.None,
                Roles = null,
                FailureReason = native.FailureReason?.ToLowerInvariant(),
                MfaMethod = native.MfaMethod?.ToLowerInvariant(),
                AuthMethod = native.AuthMethod?.ToLowerInvariant(),
                ResourceAction = native.ResourceAction?.ToLowerInvariant(),
                SubjectType = native.SubjectType ?? native.IdentityKind switch { IdentityKind.Workload => "workload", IdentityKind.Agent => "agent", _ => null },
            };
            Assert.Equal(expected, back with { Action = null, Roles = null });
            Assert.Equal(native.Roles ?? [], back.Roles ?? []);
        }
    }
}
