using Bunit;
using MudBlazor.Services;

namespace AdminConsole.Tests.Components;

/// <summary>A fresh bunit context per test with MudBlazor registered and JS interop in loose mode.</summary>
public abstract class BunitTest : BunitContext
{
    protected BunitTest()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
    }
}
