using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using MudBlazor;

namespace AdminConsole.Components.Layout;

/// <summary>
/// The dark palette of <see cref="AppTheme"/> as a style sheet that applies only when the browser prefers a dark
/// colour scheme. Pages rendered statically (sign-in and account pages) have no circuit to flip
/// <see cref="MudThemeProvider.IsDarkMode"/>, so they follow the system setting with CSS alone: no script.
/// Render it after the light <see cref="MudThemeProvider"/>, with <c>IsDarkMode="true"</c>.
/// </summary>
public sealed class SystemDarkTheme : MudThemeProvider
{
    private const string SystemMedia = "<style media=\"(prefers-color-scheme: dark)\">";

    // Off until the dark-mode button (js/console-chrome.js) switches the media to "all".
    private const string ToggledMedia = "<style media=\"not all\" data-console-dark>";

    /// <summary>When set, the palette follows the page's dark-mode button instead of the system setting.</summary>
    [Parameter]
    public bool Toggled { get; set; }

    private string Media => Toggled ? ToggledMedia : SystemMedia;

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

        __builder.AddMarkupContent(0, css[..open] + Media + css[(end + 1)..]);
        __builder.AddMarkupContent(1, Media + ":root { color-scheme: dark; }</style>");
    }
}
