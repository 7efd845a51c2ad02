using Vigil.Core.Identities;
using Vigil.Core.Scoring;
using Vigil.Core.Telemetry;
using Vigil.Enrichment.Ip;

namespace Vigil.Core.Detection.Detectors;

/// <summary>
/// Failure bursts, with sliding windows: brute force (many failures on one account), credential stuffing (one
/// source, many accounts in minutes, mostly failing, often unknown usernames) and password spray (one source,
/// failures spread over many accounts in an hour, a few each). Counted before this event: the event is judged by
/// the burst it joins.
/// </summary>
internal sealed class CredentialAttackDetector : IDetector
{
    public void Detect(in DetectionContext c, ref FactorList factors)
    {
        ref readonly var e = ref c.Event;
        if (e.Kind != EventKind.SignIn)
        {
            return;
        }

        var options = c.Options;
        int accountFailures = c.Identity.FailedSignIns.Count(c.Now);
        if (accountFailures >= options.BruteForceFailures / 2)
        {
            float strength = Ramp(accountFailures, options.BruteForceFailures / 2.0, options.BruteForceFailures * 1.5);
            factors.Add(new RiskFactor(ReasonCode.BruteForce, strength, 0.8f, accountFailures, 30));
        }

        if (c.Source is not SourceState source)
        {
            return;
        }

        // The organisation's own NAT and VPN egress carries everyone's typos: many accounts, some failures, mostly
        // successes. Failure bursts from there are judged per account (brute force above), not per source.
        if ((e.SourceCategories & IpCategory.CorporateEgress) != 0)
        {
            return;
        }

        int accounts, failedAccountsLong, attempts, failures, failuresLong, attemptsLong;
        lock (source.Gate)
        {
            accounts = source.AccountsShort.Count(c.Now);
            failedAccountsLong = source.FailedAccountsLong.Count(c.Now);
            attempts = source.Attempts.Count(c.Now);
            failures = source.Failures.Count(c.Now);
            failuresLong = source.FailuresLong.Count(c.Now);
            attemptsLong = source.AttemptsLong.Count(c.Now);
        }

        double failureRatio = attempts == 0 ? 0 : (double)failures / attempts;
        if (accounts >= options.StuffingAccounts / 2 && failureRatio >= 0.5)
        {
            float strength = Ramp(accounts, options.StuffingAccounts / 2.0, options.StuffingAccounts * 1.5) * (float)Math.Min(1, failureRatio + 0.2);
            if (e.IsScriptedClient)
            {
                strength = Math.Min(1f, strength + 0.15f);
            }

            factors.Add(new RiskFactor(ReasonCode.CredentialStuffing, strength, 0.85f, accounts, 10));
        }
        else if (failedAccountsLong >= options.SprayAccounts / 2 && failuresLong <= failedAccountsLong * 3 && failuresLong * 2 >= attemptsLong)
        {
            // A few failures per account across many accounts: the spray pattern (stuffing is faster and denser).
            float strength = Ramp(failedAccountsLong, options.SprayAccounts / 2.0, options.SprayAccounts * 1.5);
            factors.Add(new RiskFactor(ReasonCode.PasswordSpray, strength, 0.8f, failedAccountsLong, 60));
        }

        if (attempts >= 6 && failureRatio >= 0.7 && !factors.Contains(ReasonCode.CredentialStuffing) && !factors.Contains(ReasonCode.PasswordSpray))
        {
            factors.Add(new RiskFactor(ReasonCode.FailingSource, (float)(failureRatio - 0.5) * 2, 0.4f, failures, attempts));
        }
    }

    /// <summary>0 at <paramref name="from"/>, 1 at <paramref name="to"/>, linear between.</summary>
    internal static float Ramp(double value, double from, double to) =>
        (float)Math.Clamp((value - from) / Math.Max(1e-9, to - from), 0, 1) * 0.8f + (value >= from ? 0.2f : 0f);
}
