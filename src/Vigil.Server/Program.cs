using Vigil.Server;

// Runs the service on its own: dotnet run --project src/Vigil.Server -- --urls http://127.0.0.1:8080 --data-dir ./data
var options = ServerArguments.Parse(args, out var errors);
if (errors.Count > 0)
{
    foreach (var error in errors)
    {
        Console.Error.WriteLine(error);
    }

    return 2;
}

return await VigilServer.RunAsync(options, CancellationToken.None);
