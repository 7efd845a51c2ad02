// The reference for bench/load/run.sh: Kestrel with minimal APIs answering a fixed AuthZEN-sized JSON body, set up
// like Vigil.Server (slim builder, no server header, warnings-only logging), so the ratio isolates what Vigil adds.
var builder = WebApplication.CreateSlimBuilder(args);
builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
var app = builder.Build();
byte[] body = """{"decision":true,"context":{"decision_id":"0000000000-1","outcome":"permit","risk":{"score":0,"level":"none","identity_risk":0,"reasons":[]}}}"""u8.ToArray();
app.MapPost("/access/v1/evaluation", async context =>
{
    // Drain the request like a real handler would, then answer the fixed body.
    await context.Request.Body.CopyToAsync(Stream.Null);
    context.Response.ContentType = "application/json";
    await context.Response.Body.WriteAsync(body);
});
app.Run();
