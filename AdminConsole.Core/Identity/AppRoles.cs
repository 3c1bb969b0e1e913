namespace AdminConsole.Core.Identity;

/// <summary>The console's roles.</summary>
public static class AppRoles
{
    /// <summary>Reads everything and takes every action.</summary>
    public const string SecurityAdmin = "SecurityAdmin";

    /// <summary>Reads everything, changes nothing.</summary>
    public const string SecurityViewer = "SecurityViewer";

    public static readonly IReadOnlyList<string> All = [SecurityAdmin, SecurityViewer];

    /// <summary>Either console role.</summary>
    public const string ConsoleUsers = SecurityAdmin + "," + SecurityViewer;
}
