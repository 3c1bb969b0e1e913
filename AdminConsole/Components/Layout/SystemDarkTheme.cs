using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using MudBlazor;

namespace AdminConsole.Components.Layout;

/// <summary>
/// The dark palette of <see cref="AppTheme"/> as a style sheet whose media says when it applies: when the browser
/// prefers a dark colour scheme, unless the admin chose one with the dark-mode button. The light palette comes
/// from a plain <see cref="MudThemeProvider"/> rendered before it. CSS alone decides, so a page rendered
/// statically (the dashboard, the account pages) looks the same as an interactive one, from its first paint.
/// The button (js/console-chrome.js) switches the media of every <c>style[data-console-dark]</c> and records the
/// choice in the <see cref="CookieName"/> cookie. Render it with <c>IsDarkMode="true"</c>.
/// </summary>
public sealed class SystemDarkTheme : MudThemeProvider
{
    /// <summary>The cookie that keeps the admin's choice: <c>dark</c> or <c>light</c>; anything else follows the system.</summary>
    public const string CookieName = "ConsoleColorScheme";

    // Parts of the page that depend on the scheme and have no palette variable: the button shows the mode it
    // switches to (app.css hides .console-when-dark otherwise).
    private const string DarkRules = ":root { color-scheme: dark; } .console-when-light { display: none; } .console-when-dark { display: inline-block; }";

    /// <summary>The choice the page is rendered with, read from the request by <see cref="Read"/>.</summary>
    [Parameter]
    public ColorSchemeChoice Choice { get; set; }

    /// <summary>The choice recorded in the request's cookie.</summary>
    public static ColorSchemeChoice Read(HttpContext context) => context.Request.Cookies[CookieName] switch
    {
        "dark" => ColorSchemeChoice.Dark,
        "light" => ColorSchemeChoice.Light,
        _ => ColorSchemeChoice.System,
    };

    private string Open => Choice switch
    {
        ColorSchemeChoice.Dark => "<style media=\"all\" data-console-dark>",
        ColorSchemeChoice.Light => "<style media=\"not all\" data-console-dark>",
        _ => "<style media=\"(prefers-color-scheme: dark)\" data-console-dark>",
    };

    protected override void BuildRenderTree(RenderTreeBuilder __builder)
    {
        // Our own theme's CSS variables, not user text. The provider writes one style element; its opening tag is
        // replaced so the dark palette applies only under the media query. Anything else renders nothing, never
        // an unconditional dark palette.
        var css = BuildTheme();
        var open = css.IndexOf("<style", StringComparison.Ordinal);
        var end = open < 0 ? -1 : css.IndexOf('>', open);
        if (end < 0)
        {
            return;
        }

        __builder.AddMarkupContent(0, css[..open] + Open + css[(end + 1)..]);
        __builder.AddMarkupContent(1, Open + DarkRules + "</style>");
    }
}
