using System.Globalization;

namespace Vigil.Lab.Simulation;

/// <summary>
/// Generates labelled identity telemetry for a synthetic organisation as ECS NDJSON: humans, workloads and AI
/// agents with realistic legitimate variance, plus attack campaigns whose events carry <c>labels.attack_type</c>
/// and <c>labels.attack_id</c>. Output is in non-decreasing time order and byte-identical for the same options.
/// Memory grows with the number of identities, not of events.
/// </summary>
public sealed class TelemetrySimulator
{
    private readonly SimulationOptions _options;

    /// <summary>Creates a simulator; throws <see cref="ArgumentException"/> listing every invalid setting.</summary>
    public TelemetrySimulator(SimulationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid simulation options:" + Environment.NewLine + string.Join(Environment.NewLine, errors), nameof(options));
        }

        _options = options;
    }

    /// <summary>The validated options.</summary>
    public SimulationOptions Options => _options;

    /// <summary>
    /// Writes the whole simulated period to <paramref name="output"/> (UTF-8 NDJSON, one event per line), and the IP
    /// list files when <see cref="SimulationOptions.IpListDirectory"/> is set. The stream is flushed, not closed.
    /// </summary>
    public SimulationSummary Run(Stream output, IProgress<SimulationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        var seed = SimRandom.Derive((ulong)(uint)_options.Seed, 0x5EED);
        var world = new WorldMap();
        var org = Organisation.Build(_options, world, seed);
        var campaigns = CampaignPlanner.Plan(_options, org, seed);
        var ipFiles = _options.IpListDirectory is { } dir
            ? IpListWriter.Write(world, dir, _options.KnownBadCoverage)
            : [];

        var queue = new PriorityQueue<Actor, QueueKey>(org.Humans.Length + org.Workloads.Length + org.Agents.Length + campaigns.Count, QueueKeyComparer.Instance);
        long sequence = 0;
        var pool = new EventBufferPool();
        void Enqueue(Actor a, long ms)
        {
            a.Pool ??= pool;
            queue.Enqueue(a, new QueueKey(ms, sequence++));
        }
        var ctx = new SimContext(_options, world, org, seed, a => Enqueue(a, a.WakeMs));

        var humanActors = org.Humans.Select(h => new HumanActor(h, ctx)).ToArray();
        foreach (var a in humanActors)
        {
            Enqueue(a, a.WakeMs);
        }

        foreach (var w in org.Workloads)
        {
            var a = new WorkloadActor(w, ctx);
            Enqueue(a, a.WakeMs);
        }

        foreach (var g in org.Agents)
        {
            var a = new AgentActor(g, ctx);
            Enqueue(a, a.WakeMs);
        }

        foreach (var c in campaigns)
        {
            if (AttackScripts.IsAttached(c.Type))
            {
                var victim = int.Parse(c.Target!.Id.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture);
                humanActors[victim].Attach(c);
            }
            else
            {
                var a = new CampaignActor(c, ctx.StartMs + (c.Day * SimTime.Day), AttackScripts.RunStandalone);
                Enqueue(a, a.WakeMs);
            }
        }

        using var writer = new EcsWriter(output, _options.Tenant);
        long written = 0;
        long attackEvents = 0;
        long first = long.MinValue;
        long last = long.MinValue;
        var interval = _options.ProgressInterval;
        var span = (double)(ctx.EndMs - ctx.StartMs);
        while (queue.TryDequeue(out var actor, out var key))
        {
            if (key.Ms >= ctx.EndMs)
            {
                continue;
            }

            if (!actor.HasEvents)
            {
                actor.Refill(ctx);
                if (actor.HasEvents)
                {
                    Enqueue(actor, actor.HeadMs);
                }
                else if (!actor.Finished)
                {
                    Enqueue(actor, actor.WakeMs);
                }

                continue;
            }

            ref var e = ref actor.Head;
            written++;
            writer.Write(in e, written);
            if (first == long.MinValue)
            {
                first = e.Ms;
            }

            last = e.Ms;
            if (e.Campaign is { } campaign)
            {
                attackEvents++;
                campaign.Events++;
                campaign.FirstMs = Math.Min(campaign.FirstMs, e.Ms);
                campaign.LastMs = Math.Max(campaign.LastMs, e.Ms);
            }

            actor.Advance();
            Enqueue(actor, actor.HasEvents ? actor.HeadMs : actor.WakeMs);
            if (written % interval == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress?.Report(new SimulationProgress(written, SimTime.ToDateTimeOffset(last), (last - ctx.StartMs) / span));
            }
        }

        writer.Flush();
        progress?.Report(new SimulationProgress(written, written == 0 ? SimTime.ToDateTimeOffset(ctx.StartMs) : SimTime.ToDateTimeOffset(last), 1.0));
        return new SimulationSummary
        {
            Events = written,
            AttackEvents = attackEvents,
            Humans = org.Humans.Length,
            Workloads = org.Workloads.Length,
            Agents = org.Agents.Length,
            Resources = org.Resources.Count,
            FirstEvent = written == 0 ? null : SimTime.ToDateTimeOffset(first),
            LastEvent = written == 0 ? null : SimTime.ToDateTimeOffset(last),
            Campaigns = campaigns.Select(c => new SimulatedCampaign
            {
                AttackId = c.Id,
                Type = c.Type,
                TargetId = c.Target?.Id,
                FirstEvent = c.Events == 0 ? null : SimTime.ToDateTimeOffset(c.FirstMs),
                LastEvent = c.Events == 0 ? null : SimTime.ToDateTimeOffset(c.LastMs),
                Events = c.Events,
            }).ToList(),
            IpListFiles = ipFiles,
        };
    }

    /// <summary>Writes only the IP list files (anonymisers, hosting, known_bad, corporate_egress) to a directory.</summary>
    public IReadOnlyList<string> WriteIpLists(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        return IpListWriter.Write(new WorldMap(), directory, _options.KnownBadCoverage);
    }
}
