using Vigil.Language;

namespace Vigil.Server.Hosting;

/// <summary>
/// Which sentence encoder the language family runs (<c>--language-model</c>, docs/language.md): <c>none</c> (the
/// default) leaves the family inert, so scores are the other families'; <c>minilm</c> loads all-MiniLM-L6-v2 from the
/// package (nothing is fetched). Off by default: a string new to the cache costs milliseconds on the decision path.
/// </summary>
internal static class LanguageModels
{
    public static MiniLmTextEmbedder? Create(string choice, TimeProvider time) => choice switch
    {
        "minilm" => new MiniLmTextEmbedder(time: time), // its time budget runs on the service's clock
        _ => null, // "none"; anything else was refused by ServerOptions.Validate
    };
}
