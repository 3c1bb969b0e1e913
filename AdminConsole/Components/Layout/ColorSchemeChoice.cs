namespace AdminConsole.Components.Layout;

/// <summary>
/// The admin's colour scheme: the system's until the dark-mode button (js/console-chrome.js) records a choice in the
/// <see cref="SystemDarkTheme.CookieName"/> cookie, which every later page is rendered with.
/// </summary>
public enum ColorSchemeChoice
{
    System,
    Light,
    Dark,
}
