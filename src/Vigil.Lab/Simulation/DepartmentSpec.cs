namespace Vigil.Lab.Simulation;

internal sealed record DepartmentSpec(string Name, string Key, double Share, Sensitivity DataSensitivity, RoleSpec[] Roles);
