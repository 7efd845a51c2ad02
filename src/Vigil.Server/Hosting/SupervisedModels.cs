using Vigil.Core.Engine;
using Vigil.Core.Supervised;
using Vigil.Storage;

namespace Vigil.Server.Hosting;

/// <summary>
/// Which supervised models the service's engine runs (<c>--supervised-model</c>, docs/supervised.md): <c>store</c>
/// (the default) takes the model in force and the one in shadow from the model store, as <c>vigil model
/// promote|rollback</c> left them, so a promotion takes effect at the next start; <c>starter</c> the model shipped with
/// Vigil; a path a model file; <c>none</c> leaves the family inert. A model that cannot be read stops start-up with the
/// setting named: deciding without the model the operator chose would be a silent change of every score.
/// </summary>
internal static class SupervisedModels
{
    public static VigilEngineOptions Resolve(VigilEngineOptions engine, string choice, VigilStore store)
    {
        switch (choice)
        {
            case "none":
                return engine;
            case "starter":
                return engine with { SupervisedModel = SupervisedModel.Starter };
            case "store":
                return engine with { SupervisedModel = FromStore(store, store.ModelInForce()), ShadowModel = FromStore(store, store.ModelInShadow()) };
            default:
                try
                {
                    using var file = File.OpenRead(choice);
                    return engine with { SupervisedModel = SupervisedModel.Read(file) };
                }
                catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
                {
                    throw new InvalidSettingException($"--supervised-model '{choice}' is not a usable model: {e.Message}");
                }
        }
    }

    private static SupervisedModel? FromStore(VigilStore store, long? version)
    {
        if (version is not { } v || store.GetModel(v) is not { } bytes)
        {
            return null;
        }

        try
        {
            return SupervisedModel.Read(new MemoryStream(bytes));
        }
        catch (InvalidDataException e)
        {
            throw new InvalidSettingException($"--supervised-model store: model version {v} in the store is not usable ({e.Message}); roll back with 'vigil model rollback'.");
        }
    }
}
