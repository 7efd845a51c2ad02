using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Vigil.Core.Scoring;
using Vigil.Core.Telemetry;
using Vigil.Server.Hosting;

namespace Vigil.Server.SharedSignals;

/// <summary>
/// Sends CAEP <c>risk-level-change</c> when an identity's risk crosses a band. Vigil's identity risk (0 to 100) maps
/// to CAEP's three levels: below 40 LOW, 40 to 64 MEDIUM, 65 and above HIGH (the Medium and High bands of
/// docs/detectors.md). The engine's writer calls <see cref="Observe"/> after each learned event (live only: it is
/// attached after recovery); the comparison is a dictionary lookup and the SET is signed and queued on this service's
/// own thread, so the writer never waits on signing or the outbox. Only identities above LOW are remembered (absent
/// means LOW), at most <see cref="MaxRemembered"/>, so the map stays as small as the set of risky identities.
/// </summary>
internal sealed class SsfRiskWatcher(EngineHost engine, SsfTransmitter transmitter, ILogger<SsfRiskWatcher> logger) : BackgroundService
{
    private const int MaxRemembered = 100_000;
    private const int MaxPending = 10_000;

    private readonly ConcurrentDictionary<(string? Tenant, string Identity), string> _levels = new();
    private readonly Channel<RiskLevelChange> _changes = Channel.CreateBounded<RiskLevelChange>(new BoundedChannelOptions(MaxPending) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        engine.Learned = Observe; // after EngineHost.StartAsync has recovered: replayed events are history, not news
        return base.StartAsync(cancellationToken);
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        engine.Learned = null;
        _changes.Writer.TryComplete();
        return base.StopAsync(cancellationToken);
    }

    /// <summary>CAEP's level for an identity risk of 0 to 1.</summary>
    public static string Level(float identityRisk) => Math.Round(identityRisk * 100) switch
    {
        >= 65 => "HIGH", // RiskLevel.High and Critical
        >= 40 => "MEDIUM", // RiskLevel.Medium
        _ => "LOW",
    };

    public void Observe(TelemetryEvent e, RiskAssessment assessment)
    {
        string current = Level(assessment.IdentityRisk);
        var key = (e.Tenant, e.SubjectId);
        string previous = _levels.TryGetValue(key, out var known) ? known : "LOW";
        if (current == previous)
        {
            return;
        }

        if (current == "LOW")
        {
            _levels.TryRemove(key, out _);
        }
        else if (_levels.Count < MaxRemembered || _levels.ContainsKey(key))
        {
            _levels[key] = current;
        }

        RiskFactor? top = null;
        for (int i = 0; i < assessment.FactorCount; i++)
        {
            var f = assessment.Factor(i);
            if (top is null || f.Contribution > top.Value.Contribution)
            {
                top = f;
            }
        }

        if (!_changes.Writer.TryWrite(new RiskLevelChange(e.SubjectId, e.Tenant, previous, current, top?.CodeText, top?.Describe(), e.TimestampMs)))
        {
            SsfLog.EmitFailed(logger, SsfEventTypes.RiskLevelChange, new InvalidOperationException($"more than {MaxPending} risk level changes wait to be signed"));
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var change in _changes.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                Send(change);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void Send(RiskLevelChange c)
    {
        try
        {
            transmitter.Emit(SsfEventTypes.RiskLevelChange, SubjectId.ForIdentity(c.Identity, c.Tenant), SecurityEventToken.NewId(), w =>
            {
                w.WriteString("principal", "USER");
                w.WriteString("current_level", c.Current);
                w.WriteString("previous_level", c.Previous);
                if (c.ReasonCode is not null)
                {
                    w.WriteString("risk_reason", c.ReasonCode); // a Vigil reason code, docs/reason-codes.md
                }

                w.WriteNumber("event_timestamp", c.TimeMs / 1000);
                w.WriteStartObject("reason_admin");
                w.WriteString("en", c.ReasonText is null
                    ? $"Vigil's identity risk moved from {c.Previous} to {c.Current}."
                    : $"Vigil's identity risk moved from {c.Previous} to {c.Current}: {c.ReasonText}");
                w.WriteEndObject();
            });
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            SsfLog.EmitFailed(logger, SsfEventTypes.RiskLevelChange, ex);
        }
    }
}
