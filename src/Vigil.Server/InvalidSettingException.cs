namespace Vigil.Server;

/// <summary>
/// A setting that passed <see cref="ServerOptions.Validate"/> but whose content is invalid (a policy or data file):
/// <see cref="VigilServer.RunAsync"/> prints the message and exits 2, as for any other invalid setting.
/// </summary>
internal sealed class InvalidSettingException(string message) : InvalidOperationException(message);
