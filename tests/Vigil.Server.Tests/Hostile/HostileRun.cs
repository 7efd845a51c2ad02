using CsCheck;

namespace Vigil.Server.Tests.Hostile;

/// <summary>
/// Runs a bounded number of generated cases from a fixed seed, so that CI sees the same requests every time and a
/// failure names the seed, the case number and the request. To explore other cases locally, set
/// <c>VIGIL_HOSTILE_SEED</c> to another CsCheck seed (e.g. one CsCheck printed) and <c>VIGIL_HOSTILE_CASES</c>;
/// <c>VIGIL_HOSTILE_TRACE=1</c> prints each evaluation's answer (run with <c>--logger "console;verbosity=detailed"</c>).
/// </summary>
internal static class HostileRun
{
    public const string DefaultSeed = "0N0XIzNsQ0O2";

    public static string Seed => Environment.GetEnvironmentVariable("VIGIL_HOSTILE_SEED") is { Length: > 0 } seed ? seed : DefaultSeed;

    public static async Task ForEachAsync<T>(Gen<T> gen, int count, Func<T, Task> property, Func<T, string>? print = null)
    {
        if (int.TryParse(Environment.GetEnvironmentVariable("VIGIL_HOSTILE_CASES"), out int wanted) && wanted > 0)
        {
            count = wanted;
        }

        string seed = Seed;
        T[] cases = gen.Array[count].Single(_ => true, seed);
        for (int i = 0; i < cases.Length; i++)
        {
            try
            {
                await property(cases[i]);
            }
            catch (Exception ex)
            {
                throw new HostileFailureException($"Hostile case {i} of {cases.Length} (seed {seed}) failed: {(print ?? (c => c?.ToString() ?? ""))(cases[i])}{Environment.NewLine}{ex.Message}", ex);
            }
        }
    }
}
