using CsCheck;

namespace Vigil.Server.Tests.Hostile;

/// <summary>
/// Issue 11, "What must be shown": hostile ingestion (NDJSON), feedback and API-key bodies against the real service.
/// Properties: no 5xx; a 4xx is ProblemDetails naming the field; a good ingestion line beside bad ones is kept and
/// every per-line error names the field; the service still answers /healthz afterwards.
/// </summary>
public sealed class OtherRoutesHostileTests(HostileService hostile) : IClassFixture<HostileService>
{
    [Fact]
    public async Task Ingestion_HostileLines_KeepTheGoodLineAndNameTheField() =>
        await IngestAll(HostileGen.Ingestion(encoding: false), 50);

    [Fact]
    public async Task Ingestion_EncodingLines_KeepTheGoodLineAndNameTheField() =>
        await IngestAll(HostileGen.Ingestion(encoding: true), 30);

    [Fact]
    public async Task Ingestion_HostileArrayItems_KeepTheGoodItemAndNameTheField()
    {
        await HostileRun.ForEachAsync(HostileGen.IngestionArray, 40, async c =>
        {
            var answer = await hostile.SendAsync("/v1/events", c.Case.Body);
            HostileProperties.NoServerErrorAndProblemsNameAField(answer);
            Assert.True(answer.Status == 202, $"a batch with a good item must be accepted (202), was {answer.Status}: {answer.Text}");
            var json = answer.Json!.Value;
            int kept = json.GetProperty("accepted").GetInt32() + json.GetProperty("duplicates").GetInt32();
            Assert.True(kept >= 1 && kept + json.GetProperty("errors").GetArrayLength() == c.Items, $"{c.Items} items sent, not all accounted for: {answer.Text}");
            foreach (var error in json.GetProperty("errors").EnumerateArray())
            {
                int item = error.GetProperty("line").GetInt32();
                Assert.True(item >= 1 && item <= c.Items && item != c.GoodItem, $"error on item {item}, but the good item is {c.GoodItem} of {c.Items}: {answer.Text}");
                HostileProperties.NamesAField(error.GetProperty("error").GetString()!);
            }
        }, c => c.Case.ToString());
        await hostile.AssertAliveAsync();
    }

    [Fact]
    public async Task Feedback_HostileBodies_Are4xxNamingTheFieldNever5xx() => await SendAll("/v1/feedback", HostileGen.Feedback(encoding: false), 60);

    [Fact]
    public async Task Feedback_EncodingMutations_Are4xxNamingTheField() => await SendAll("/v1/feedback", HostileGen.Feedback(encoding: true), 30);

    [Fact]
    public async Task ApiKeys_HostileBodies_Are4xxNamingTheFieldNever5xx() => await SendAll("/v1/admin/api-keys", HostileGen.ApiKey(encoding: false), 50);

    [Fact]
    public async Task ApiKeys_EncodingMutations_Are4xxNamingTheField() => await SendAll("/v1/admin/api-keys", HostileGen.ApiKey(encoding: true), 20);

    [Fact]
    public async Task Ingestion_WrongContentTypeOrEncoding_Is415NamingTheHeaderAndJournalsNothing()
    {
        await HostileRun.ForEachAsync(Gen.Select(HostileGen.WrongContent, Gen.Int[0, 1_000_000_000]), 20, async c =>
        {
            long before = ((Vigil.Storage.VigilStore)hostile.Service.Services.GetService(typeof(Vigil.Storage.VigilStore))!).JournalHead();
            byte[] good = HostileGen.Utf8(FormattableString.Invariant(
                $"{{\"@timestamp\":\"2026-03-02T08:00:00Z\",\"event\":{{\"id\":\"ct-{c.Item2}\",\"action\":\"sign-in\"}},\"user\":{{\"id\":\"bob\"}}}}\n"));
            var answer = await hostile.SendAsync("/v1/events", good, c.Item1.Type, c.Item1.Encoding);
            Assert.Equal(415, answer.Status);
            HostileProperties.NoServerErrorAndProblemsNameAField(answer);
            Assert.Equal(before, ((Vigil.Storage.VigilStore)hostile.Service.Services.GetService(typeof(Vigil.Storage.VigilStore))!).JournalHead());
        }, c => $"Content-Type '{c.Item1.Type}', Content-Encoding '{c.Item1.Encoding}'");
        await hostile.AssertAliveAsync();
    }

    private async Task SendAll(string path, Gen<HostileCase> gen, int count)
    {
        await HostileRun.ForEachAsync(gen, count, async c =>
            HostileProperties.NoServerErrorAndProblemsNameAField(await hostile.SendAsync(path, c.Body)));
        await hostile.AssertAliveAsync();
    }

    private async Task IngestAll(Gen<(HostileCase Case, string GoodId, int GoodLine, int Lines)> gen, int count)
    {
        await HostileRun.ForEachAsync(gen, count, async c =>
        {
            var answer = await hostile.SendAsync("/v1/events", c.Case.Body, "application/x-ndjson");
            HostileProperties.NoServerErrorAndProblemsNameAField(answer);
            Assert.True(answer.Status == 202, $"a batch with a good line must be accepted (202), was {answer.Status}: {answer.Text}");
            var json = answer.Json!.Value;
            // Every line is accounted for: kept (accepted or a duplicate) or rejected with an error, none lost in silence.
            int kept = json.GetProperty("accepted").GetInt32() + json.GetProperty("duplicates").GetInt32();
            Assert.True(kept >= 1 && kept + json.GetProperty("errors").GetArrayLength() == c.Lines, $"{c.Lines} lines sent, not all accounted for: {answer.Text}");
            foreach (var error in json.GetProperty("errors").EnumerateArray())
            {
                // Each rejected line names itself (a real line, never the good one) and the field it is about.
                int line = error.GetProperty("line").GetInt32();
                Assert.True(line >= 1 && line <= c.Lines && line != c.GoodLine, $"error on line {line}, but the good line is {c.GoodLine} of {c.Lines}: {answer.Text}");
                HostileProperties.NamesAField(error.GetProperty("error").GetString()!);
            }
        }, c => c.Case.ToString());
        await hostile.AssertAliveAsync();
    }
}
