using System.Reflection;

namespace Vigil.Server.AnalystConsole;

/// <summary>The console's stylesheet and script, embedded in the assembly (no CDN, no build step), served from memory.</summary>
internal static class ConsoleAssets
{
    private static readonly Dictionary<string, (byte[] Bytes, string Type)> Files = Load();

    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("/assets/{name}", (HttpContext context, string name) =>
        {
            if (!Files.TryGetValue(name, out var file))
            {
                return Results.NotFound();
            }

            context.Response.Headers.CacheControl = "public, max-age=3600";
            return Results.Bytes(file.Bytes, file.Type);
        }).WithMetadata(new ConsoleAccess(null, Public: true));

    private static Dictionary<string, (byte[], string)> Load()
    {
        const string prefix = "Vigil.Server.AnalystConsole.Assets.";
        var assembly = typeof(ConsoleAssets).Assembly;
        var files = new Dictionary<string, (byte[], string)>(StringComparer.Ordinal);
        foreach (string resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            string name = resource[prefix.Length..];
            string type = Path.GetExtension(name) switch
            {
                ".css" => "text/css; charset=utf-8",
                ".js" => "text/javascript; charset=utf-8",
                _ => "application/octet-stream",
            };
            files[name] = (copy.ToArray(), type);
        }

        return files;
    }
}
