using AdminConsole.Core.IpProtection;

namespace AdminConsole.Tests.Unit;

/// <summary>The address counter's rule as a pure function (the rehearsal replays it; AddressBlocker runs it in SQL).</summary>
public sealed class AddressThrottleDecisionTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
    private static readonly AddressBlockingOptions Options = new();

    private static (AddressThrottleState State, int Blocks) Fail(AddressThrottleState state, DateTimeOffset at, int times, TimeSpan step)
    {
        var blocks = 0;
        for (var i = 0; i < times; i++)
        {
            var (after, blocked) = AddressBlocker.CountFailure(Options, state, at + (step * i));
            state = after;
            blocks += blocked ? 1 : 0;
        }

        return (state, blocks);
    }

    [Fact]
    public void The_tenth_failure_within_15_minutes_blocks_for_an_hour()
    {
        var (state, blocks) = Fail(AddressThrottleState.First(T0), T0, 10, TimeSpan.FromSeconds(30));

        Assert.Equal(1, blocks);
        Assert.Equal(T0.AddSeconds(270).AddHours(1), state.BlockedUntil);
        Assert.Equal(0, state.Failures);
    }

    [Fact]
    public void Failures_spread_wider_than_the_window_never_block()
    {
        var (_, blocks) = Fail(AddressThrottleState.First(T0), T0, 30, TimeSpan.FromMinutes(2));

        Assert.Equal(0, blocks);
    }

    [Fact]
    public void A_failure_while_blocked_counts_nothing()
    {
        var blocked = new AddressThrottleState(0, T0, 1, T0, T0.AddHours(1));

        var (after, again) = AddressBlocker.CountFailure(Options, blocked, T0.AddMinutes(5));

        Assert.Same(blocked, after);
        Assert.False(again);
    }

    [Fact]
    public void A_repeat_block_within_the_repeat_window_doubles()
    {
        var (first, _) = Fail(AddressThrottleState.First(T0), T0, 10, TimeSpan.Zero);
        var afterBlock = first.BlockedUntil!.Value;

        var (second, blocks) = Fail(first, afterBlock, 10, TimeSpan.Zero);

        Assert.Equal(1, blocks);
        Assert.Equal(2, second.Blocks);
        Assert.Equal(afterBlock.AddHours(2), second.BlockedUntil);
    }
}
