namespace Vigil.Lab.Simulation;

/// <summary>Plays one attack campaign: at its start time the script buffers every event of the campaign, labelled.</summary>
internal sealed class CampaignActor : Actor
{
    private readonly Action<CampaignActor, SimContext, SimRandom> _script;
    private bool _ran;

    public CampaignActor(Campaign campaign, long startMs, Action<CampaignActor, SimContext, SimRandom> script)
    {
        Campaign = campaign;
        WakeMs = startMs;
        _script = script;
    }

    public Campaign Campaign { get; }

    /// <summary>The earliest time the script may use.</summary>
    public long StartMs => WakeMs;

    public override void Refill(SimContext ctx)
    {
        if (_ran)
        {
            Finished = true;
            return;
        }

        _ran = true;
        _script(this, ctx, new SimRandom(SimRandom.Derive(ctx.Seed, 9_000_000UL + (ulong)Campaign.Number)));
        SortBuffer();
        if (!HasEvents)
        {
            Finished = true;
            return;
        }

        WakeMs = LastBufferedMs;
    }

    /// <summary>The origin of campaign events: every event emitted through it carries the campaign labels.</summary>
    public EventOrigin Origin(Identity identity, (IpBlock Block, uint Ip) net, System.Text.Json.JsonEncodedText? userAgent, Device? device) => new()
    {
        Identity = identity,
        Network = net.Block,
        Ip = net.Ip,
        UserAgent = userAgent,
        Device = device,
        Campaign = Campaign,
    };
}
