namespace Vigil.Lab.Simulation;

/// <summary>A job role inside a department: how common it is, how it works and what it needs beyond the department's resources.</summary>
internal sealed record RoleSpec(string Name, double Share, bool IsManager, double NightShiftShare, double TripsPerMonth, string[] ExtraResources, bool IsAdmin = false);
