using Vigil.Core.Scoring;

namespace Vigil.Core.Detection;

/// <summary>
/// One detector: looks at an event against the state before it and adds factors (a code, a strength 0..1 and a
/// weight) with the evidence a person needs. Detectors never change state; learning happens after scoring.
/// </summary>
internal interface IDetector
{
    void Detect(in DetectionContext context, ref FactorList factors);
}
