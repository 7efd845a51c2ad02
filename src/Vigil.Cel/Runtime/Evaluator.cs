namespace Vigil.Cel.Runtime;

/// <summary>A compiled expression: a closure over pre-resolved slots, overloads and constants.</summary>
internal delegate CelValue Evaluator(in Frame frame);
