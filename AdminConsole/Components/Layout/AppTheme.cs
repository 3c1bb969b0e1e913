using MudBlazor;

namespace AdminConsole.Components.Layout;

/// <summary>The one theme of the sign-in pages and the console.</summary>
public static class AppTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1E3A8A",
            Secondary = "#0F766E",
            AppbarBackground = "#0F172A",
            Background = "#F1F5F9",
            DrawerBackground = "#FFFFFF",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#93C5FD",
            PrimaryContrastText = "#0F172A",
            Secondary = "#5EEAD4",
            AppbarBackground = "#020617",
        },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "8px" },
    };
}
