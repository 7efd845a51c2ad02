namespace Vigil.Server.Authzen;

/// <summary>What an AuthZEN search looks for (AuthZEN 1.0, Subject, Resource and Action Search APIs).</summary>
internal enum SearchKind : byte
{
    Subject = 1,
    Resource = 2,
    Action = 3,
}
