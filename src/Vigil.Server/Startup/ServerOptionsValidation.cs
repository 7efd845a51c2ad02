using Microsoft.Extensions.Options;

namespace Vigil.Server.Startup;

/// <summary>Runs <see cref="ServerOptions.Validate"/> when the options are first built (at start-up, through <c>ValidateOnStart</c>), failing with every problem named.</summary>
internal sealed class ServerOptionsValidation : IValidateOptions<ServerOptions>
{
    public ValidateOptionsResult Validate(string? name, ServerOptions options)
    {
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
