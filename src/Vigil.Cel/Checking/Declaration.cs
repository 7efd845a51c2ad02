namespace Vigil.Cel.Checking;

/// <summary>A declared variable: its CEL type and the activation slot it is read from.</summary>
internal sealed record Declaration(string Name, CelType Type, int Slot);
