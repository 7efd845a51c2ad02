using System.Text.Json;
using Vigil.Core.Decisions;
using Vigil.Core.Pipeline;
using Vigil.Core.Scoring;

namespace Vigil.Cli.Output;

/// <summary>Writes one JSON line per scored event (the format in docs/cli.md).</summary>
internal sealed class ScoreJsonWriter(Stream output) : IDisposable
{
    private static readonly JsonWriterOptions Options = new() { Indented = false, SkipValidation = true };

    private readonly Utf8JsonWriter _json = new(output, Options);
    private readonly Stream _output = output;

    public void Write(in ScoredEvent scored)
    {
        var a = scored.Assessment;
        var d = scored.Decision;
        _json.WriteStartObject();
        if (scored.Event.Id is null)
        {
            _json.WriteNull("event_id");
        }
        else
        {
            _json.WriteString("event_id", scored.Event.Id);
        }

        _json.WriteString("subject", scored.Event.SubjectId);
        _json.WriteNumber("risk", a.Score);
        _json.WriteString("level", Names.Of(a.Level));
        _json.WriteNumber("identity_risk", Math.Round(a.IdentityRisk * 100, MidpointRounding.AwayFromZero));
        _json.WriteStartArray("reasons");
        for (int i = 0; i < a.FactorCount; i++)
        {
            var f = a.Factor(i);
            _json.WriteStartObject();
            _json.WriteString("code", f.CodeText);
            _json.WriteNumber("contribution", Math.Round(f.Contribution, 3));
            _json.WriteString("detail", f.Describe());
            _json.WriteEndObject();
        }

        _json.WriteEndArray();
        _json.WriteString("outcome", Names.Of(d.Outcome));
        if (d.Mode == RolloutMode.Monitor)
        {
            _json.WriteString("would_be", Names.Of(d.WouldBe));
        }

        _json.WriteString("mode", d.Mode == RolloutMode.Monitor ? "monitor" : "enforce");
        if (d.Reason != PolicyReason.None)
        {
            _json.WriteString("policy_reason", "VG" + ((int)d.Reason).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (d.Segment is not null)
        {
            _json.WriteString("segment", d.Segment);
        }

        if (d.Rule is not null)
        {
            _json.WriteString("rule", d.Rule);
        }
        if (d.AcrValues is not null)
        {
            _json.WriteString("acr_values", d.AcrValues);
            _json.WriteNumber("max_age", d.MaxAgeSeconds ?? 0);
        }

        if (d.LimitActions is not null && d.Outcome == DecisionOutcome.Limit)
        {
            _json.WriteStartArray("limit_actions");
            foreach (string limited in d.LimitActions)
            {
                _json.WriteStringValue(limited);
            }

            _json.WriteEndArray();
        }

        _json.WriteEndObject();
        _json.Flush();
        _output.WriteByte((byte)'\n');
        _json.Reset();
    }

    public void Dispose()
    {
        _json.Dispose();
        _output.Flush();
    }
}
