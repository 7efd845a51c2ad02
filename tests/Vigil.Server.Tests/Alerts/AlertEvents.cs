using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Vigil.Server.Tests.Alerts;

/// <summary>Sign-ins as ECS lines: a person's usual office, and a takeover from elsewhere that scores well above the alert level.</summary>
internal static class AlertEvents
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    private const string Chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";
    private const string Curl = "python-requests/2.31";

    public static string SignIn(string id, string user, DateTimeOffset time, bool usual, string? tenant = null, string peerGroup = "sales") =>
        usual
            ? Line(id, user, time, "81.2.69.10", "GB", 2856, Chrome, tenant, peerGroup)
            : Line(id, user, time, "203.0.113.7", "KP", 64500, Curl, tenant, peerGroup);

    public static string Line(string id, string user, DateTimeOffset time, string ip, string country, int asn, string agent, string? tenant = null, string peerGroup = "sales")
    {
        string labels = tenant is null ? $$"""{"peer_group":"{{peerGroup}}"}""" : $$"""{"peer_group":"{{peerGroup}}","tenant":"{{tenant}}"}""";
        string stamp = time.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return $$$"""{"@timestamp":"{{{stamp}}}","event":{"id":"{{{id}}}","action":"sign-in","outcome":"success"},"user":{"id":"{{{user}}}"},"source":{"ip":"{{{ip}}}","geo":{"country_iso_code":"{{{country}}}"},"as":{"number":{{{asn}}}}},"user_agent":{"original":"{{{agent}}}"},"labels":{{{labels}}}}""";
    }

    /// <summary>Twenty working days of office sign-ins for each user, then nothing else.</summary>
    public static string History(IEnumerable<string> users, string? tenant = null, int days = 20)
    {
        var lines = new StringBuilder();
        foreach (string user in users)
        {
            for (int d = 0; d < days; d++)
            {
                lines.Append(SignIn($"{tenant}{user}-h{d}", user, Start.AddDays(d), usual: true, tenant)).Append('\n');
            }
        }

        return lines.ToString();
    }

    public static async Task IngestAsync(TestService service, string ndjson, HttpClient? client = null)
    {
        var response = await (client ?? service.Client).PostAsync("/v1/events", new StringContent(ndjson, Encoding.UTF8, "application/x-ndjson"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var summary = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(0, summary.GetProperty("rejected").GetInt32());
    }

    public static async Task<JsonElement> GetAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
