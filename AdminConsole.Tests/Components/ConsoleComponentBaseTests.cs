using AdminConsole.Components.Admin.Shared;

namespace AdminConsole.Tests.Components;

public sealed class ConsoleComponentBaseTests : BunitTest
{
    [Fact]
    public async Task Disposing_a_console_component_cancels_the_work_it_started()
    {
        var probe = Render<Probe>().Instance;
        var token = probe.Token;
        Assert.False(token.IsCancellationRequested);
        Assert.False(probe.Work.IsCompleted);

        await DisposeComponentsAsync();

        Assert.True(token.IsCancellationRequested);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => probe.Work);
    }

    [Fact]
    public async Task A_component_that_holds_more_still_cancels_when_it_releases_its_own()
    {
        var probe = Render<HoldingProbe>().Instance;
        var token = probe.Token;

        await DisposeComponentsAsync();

        Assert.True(probe.Released);
        Assert.True(token.IsCancellationRequested);
    }

    /// <summary>Starts a query that waits for ever, as a slow one would, with the component's token.</summary>
    private class Probe : ConsoleComponentBase
    {
        public CancellationToken Token => Aborted;

        public Task Work { get; private set; } = Task.CompletedTask;

        protected override void OnInitialized() => Work = Task.Delay(Timeout.Infinite, Aborted);
    }

    private sealed class HoldingProbe : Probe
    {
        public bool Released { get; private set; }

        protected override void Dispose(bool disposing)
        {
            Released = disposing;
            base.Dispose(disposing);
        }
    }
}
