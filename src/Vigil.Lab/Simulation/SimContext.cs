namespace Vigil.Lab.Simulation;

/// <summary>What every actor shares during a run: the world, the company, the clock range, id sources, and the queue.</summary>
internal sealed class SimContext
{
    private readonly Action<Actor> _spawn;
    private readonly ulong _seed;
    private ulong _sessions;
    private ulong _tokens;

    public SimContext(SimulationOptions options, WorldMap world, Organisation org, ulong seed, Action<Actor> spawn)
    {
        Options = options;
        World = world;
        Org = org;
        _seed = seed;
        _spawn = spawn;
        StartDate = options.StartDate;
        Days = options.Days;
        StartMs = SimTime.ToUnixMs(options.StartDate);
        EndMs = StartMs + (options.Days * SimTime.Day);
    }

    public SimulationOptions Options { get; }

    public ulong Seed => _seed;

    public WorldMap World { get; }

    public Organisation Org { get; }

    public DateOnly StartDate { get; }

    public int Days { get; }

    public long StartMs { get; }

    /// <summary>Exclusive end of the simulated period; events at or after it are not written.</summary>
    public long EndMs { get; }

    /// <summary>Session ids look random (as real ones do) but come from a counter, so they are unique and reproducible.</summary>
    public ulong NewSessionId() => SimRandom.Hash(_seed ^ (0x5E55_0000_0000_0000UL + ++_sessions)) | 1;

    public ulong NewTokenId() => SimRandom.Hash(_seed ^ (0x70CE_0000_0000_0000UL + ++_tokens)) | 1;

    /// <summary>Day index (from the start date, UTC) of a timestamp.</summary>
    public int DayOf(long ms) => (int)Math.Floor((ms - StartMs) / (double)SimTime.Day);

    /// <summary>Adds an actor to the merge; its <see cref="Actor.WakeMs"/> must not be in the past.</summary>
    public void Spawn(Actor actor) => _spawn(actor);
}
