namespace Vigil.Lab.Simulation;

/// <summary>Where a person is for one session; decides the network they appear from.</summary>
internal enum Place
{
    Office,
    Home,
    Mobile,
    TravelHotel,
    TravelOffice,
}
