using AdminConsole.Core.Instances;
using Microsoft.Extensions.Logging.Abstractions;

namespace AdminConsole.Tests.Unit;

/// <summary>The one-instance channel: a publish runs this instance's handlers before it returns, whatever one of them does.</summary>
public sealed class InProcessChannelTests
{
    private readonly InProcessChannel channel = new(NullLogger<InProcessChannel>.Instance);

    [Fact]
    public async Task A_publish_runs_every_handler_of_its_topic_and_waits_for_them()
    {
        var heard = new List<string>();
        channel.Subscribe("rules", async (message, _) =>
        {
            await Task.Yield();
            heard.Add("first " + message);
        });
        channel.Subscribe("rules", (message, _) =>
        {
            heard.Add("second " + message);
            return Task.CompletedTask;
        });
        channel.Subscribe("policy", (message, _) =>
        {
            heard.Add("policy " + message);
            return Task.CompletedTask;
        });

        await channel.PublishAsync("rules", "changed", TestContext.Current.CancellationToken);

        Assert.Equal(["first changed", "second changed"], heard);
    }

    [Fact]
    public async Task A_failing_handler_neither_stops_the_others_nor_reaches_the_publisher()
    {
        var heard = false;
        channel.Subscribe("sessions", (_, _) => throw new InvalidOperationException("database down"));
        channel.Subscribe("sessions", (_, _) =>
        {
            heard = true;
            return Task.CompletedTask;
        });

        await channel.PublishAsync("sessions", "", TestContext.Current.CancellationToken);

        Assert.True(heard);
    }
}
