namespace Vigil.Lab.Tests.Simulation;

/// <summary>Tests that read the same small simulation share one run of it.</summary>
[CollectionDefinition(Name)]
public sealed class SmallRunCollection : ICollectionFixture<SmallRunFixture>
{
    public const string Name = "small simulation run";
}
