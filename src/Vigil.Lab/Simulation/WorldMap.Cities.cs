namespace Vigil.Lab.Simulation;

internal sealed partial class WorldMap
{
    private static List<City> BuildCities()
    {
        (string Name, string Iso, string Country, double Lat, double Lon, double Utc)[] rows =
        [
            ("Berlin", "DE", "Germany", 52.5200, 13.4050, 1), ("London", "GB", "United Kingdom", 51.5074, -0.1278, 0),
            ("New York", "US", "United States", 40.7128, -74.0060, -5), ("San Francisco", "US", "United States", 37.7749, -122.4194, -8),
            ("Bangalore", "IN", "India", 12.9716, 77.5946, 5.5), ("Singapore", "SG", "Singapore", 1.3521, 103.8198, 8),
            ("Toronto", "CA", "Canada", 43.6532, -79.3832, -5), ("Paris", "FR", "France", 48.8566, 2.3522, 1),
            ("Munich", "DE", "Germany", 48.1351, 11.5820, 1), ("Hamburg", "DE", "Germany", 53.5511, 9.9937, 1),
            ("Frankfurt", "DE", "Germany", 50.1109, 8.6821, 1), ("Manchester", "GB", "United Kingdom", 53.4808, -2.2426, 0),
            ("Dublin", "IE", "Ireland", 53.3498, -6.2603, 0), ("Amsterdam", "NL", "Netherlands", 52.3676, 4.9041, 1),
            ("Madrid", "ES", "Spain", 40.4168, -3.7038, 1), ("Barcelona", "ES", "Spain", 41.3874, 2.1686, 1),
            ("Rome", "IT", "Italy", 41.9028, 12.4964, 1), ("Milan", "IT", "Italy", 45.4642, 9.1900, 1),
            ("Warsaw", "PL", "Poland", 52.2297, 21.0122, 1), ("Stockholm", "SE", "Sweden", 59.3293, 18.0686, 1),
            ("Zurich", "CH", "Switzerland", 47.3769, 8.5417, 1), ("Vienna", "AT", "Austria", 48.2082, 16.3738, 1),
            ("Lisbon", "PT", "Portugal", 38.7223, -9.1393, 0), ("Chicago", "US", "United States", 41.8781, -87.6298, -6),
            ("Austin", "US", "United States", 30.2672, -97.7431, -6), ("Seattle", "US", "United States", 47.6062, -122.3321, -8),
            ("Boston", "US", "United States", 42.3601, -71.0589, -5), ("Ashburn", "US", "United States", 39.0438, -77.4874, -5),
            ("Denver", "US", "United States", 39.7392, -104.9903, -7), ("Vancouver", "CA", "Canada", 49.2827, -123.1207, -8),
            ("Mexico City", "MX", "Mexico", 19.4326, -99.1332, -6), ("Sao Paulo", "BR", "Brazil", -23.5505, -46.6333, -3),
            ("Buenos Aires", "AR", "Argentina", -34.6037, -58.3816, -3), ("Tokyo", "JP", "Japan", 35.6762, 139.6503, 9),
            ("Seoul", "KR", "South Korea", 37.5665, 126.9780, 9), ("Sydney", "AU", "Australia", -33.8688, 151.2093, 10),
            ("Mumbai", "IN", "India", 19.0760, 72.8777, 5.5), ("Dubai", "AE", "United Arab Emirates", 25.2048, 55.2708, 4),
            ("Tel Aviv", "IL", "Israel", 32.0853, 34.7818, 2), ("Johannesburg", "ZA", "South Africa", -26.2041, 28.0473, 2),
            ("Lagos", "NG", "Nigeria", 6.5244, 3.3792, 1), ("Moscow", "RU", "Russia", 55.7558, 37.6173, 3),
            ("Bucharest", "RO", "Romania", 44.4268, 26.1025, 2), ("Chisinau", "MD", "Moldova", 47.0105, 28.8638, 2),
            ("Kyiv", "UA", "Ukraine", 50.4501, 30.5234, 2), ("Hong Kong", "HK", "Hong Kong", 22.3193, 114.1694, 8),
            ("Beijing", "CN", "China", 39.9042, 116.4074, 8), ("Jakarta", "ID", "Indonesia", -6.2088, 106.8456, 7),
            ("Hanoi", "VN", "Vietnam", 21.0278, 105.8342, 7),
        ];
        return rows.Select((r, i) => new City(i, r.Name, r.Iso, r.Country, r.Lat, r.Lon, r.Utc)).ToList();
    }

    /// <summary>Countries where employees never live; attacker traffic and rare far-away travel only.</summary>
    public static bool IsAttackerHaven(City city) => city.CountryIso is "RU" or "MD" or "NG" or "CN" or "VN" or "HK";
}
