namespace Vigil.Enrichment.Ip;

/// <summary>One parsed list line: an inclusive range. IPv4 ranges use the low 32 bits of Start and End.</summary>
internal readonly record struct IpListEntry(bool IsV4, UInt128 Start, UInt128 End);
