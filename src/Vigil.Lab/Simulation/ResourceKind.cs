namespace Vigil.Lab.Simulation;

internal enum ResourceKind
{
    App,
    Api,
    Database,
    FileShare,
    AdminConsole,
    AgentTool,
    External,
}
