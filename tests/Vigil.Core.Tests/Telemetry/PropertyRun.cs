using CsCheck;

namespace Vigil.Core.Tests.Telemetry;

/// <summary>
/// Runs a bounded number of generated cases from a fixed seed, so that CI sees the same inputs every time and a failure
/// names the seed, the case number and the input. To explore other cases, set <c>VIGIL_HOSTILE_SEED</c> to another
/// CsCheck seed and <c>VIGIL_HOSTILE_CASES</c> to a count (the same variables as the server's hostile suite).
/// </summary>
internal static class PropertyRun
{
    public const string DefaultSeed = "0N0XIzNsQ0O2";

    public static void ForEach<T>(Gen<T> gen, int count, Action<T> property, Func<T, string> print)
    {
        if (int.TryParse(Environment.GetEnvironmentVariable("VIGIL_HOSTILE_CASES"), out int wanted) && wanted > 0)
        {
            count = wanted;
        }

        string seed = Environment.GetEnvironmentVariable("VIGIL_HOSTILE_SEED") is { Length: > 0 } s ? s : DefaultSeed;
        T[] cases = gen.Array[count].Single(_ => true, seed);
        for (int i = 0; i < cases.Length; i++)
        {
            try
            {
                property(cases[i]);
            }
            catch (Exception ex)
            {
                throw new Xunit.Sdk.XunitException($"Case {i} of {cases.Length} (seed {seed}) failed: {print(cases[i])}{Environment.NewLine}{ex}");
            }
        }
    }
}
