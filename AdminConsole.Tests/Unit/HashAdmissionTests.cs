using System.Threading.RateLimiting;
using AdminConsole.Core.IpProtection;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using static AdminConsole.Core.SignIn.HashAdmission;

namespace AdminConsole.Tests.Unit;

/// <summary>The bounds in front of the password hash: per address, shared pool, short queue, separate lane for known devices.</summary>
public sealed class HashAdmissionTests : IDisposable
{
    private static readonly CancellationToken Cancel = CancellationToken.None;
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
    private readonly KnownDevices devices;
    private readonly HashAdmission admission;
    private readonly SignInPuzzle puzzles;
    private readonly List<RateLimitLease> leases = [];

    public HashAdmissionTests()
    {
        var options = Options.Create(new AdmissionOptions { ConcurrentHashes = 1, QueueLength = 1 });
        devices = new KnownDevices(new EphemeralDataProtectionProvider(), options, time, new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = "Development" });
        var network = Options.Create(new NetworkOptions { AllowList = ["198.51.100.0/24"] });
        var rules = new AddressRuleCache(null!, network, time, NullLogger<AddressRuleCache>.Instance);
        puzzles = new SignInPuzzle(new EphemeralDataProtectionProvider(), time, options);
        admission = new HashAdmission(options, rules, devices, puzzles);
    }

    private static Ticket Stranger(string address) => new(Lane.Stranger, address);

    private async Task<RateLimitLease> Acquired(Ticket ticket)
    {
        var pending = admission.AcquireAsync(ticket, Cancel);
        Assert.True(pending.IsCompleted, $"{ticket} waited");
        var lease = await pending;
        Assert.True(lease.IsAcquired, $"{ticket} was turned away");
        leases.Add(lease);
        return lease;
    }

    private async Task TurnedAway(Ticket ticket)
    {
        var pending = admission.AcquireAsync(ticket, Cancel);
        Assert.True(pending.IsCompleted, $"{ticket} waited instead of being answered at once");
        using var lease = await pending;
        Assert.False(lease.IsAcquired, $"{ticket} was let in");
    }

    [Fact]
    public async Task Beyond_the_slots_and_the_queue_the_longest_waiting_stranger_is_answered_busy_at_once_and_the_newest_goes_next()
    {
        var first = await Acquired(Stranger("10.0.0.1"));
        var pushedOut = admission.AcquireAsync(Stranger("10.0.0.2"), Cancel);
        Assert.False(pushedOut.IsCompleted);

        var newest = admission.AcquireAsync(Stranger("10.0.0.3"), Cancel);
        using var evicted = await pushedOut.AsTask().WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.False(evicted.IsAcquired, "the queue grew beyond its bound");
        Assert.False(newest.IsCompleted);

        first.Dispose();
        using var next = await newest.AsTask().WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.True(next.IsAcquired);
    }

    [Fact]
    public async Task One_address_holds_one_slot_and_one_place_in_line_however_many_requests_it_sends()
    {
        await Acquired(Stranger("10.0.0.1"));
        var waiting = admission.AcquireAsync(Stranger("10.0.0.1"), Cancel);
        Assert.False(waiting.IsCompleted);

        await TurnedAway(Stranger("10.0.0.1"));
        // the shared queue still has its place for another address
        var other = admission.AcquireAsync(Stranger("10.0.0.2"), Cancel);
        Assert.False(other.IsCompleted);
    }

    [Fact]
    public async Task A_known_device_gets_in_while_strangers_fill_every_slot_and_place()
    {
        await Acquired(Stranger("10.0.0.1"));
        _ = admission.AcquireAsync(Stranger("10.0.0.2"), Cancel).AsTask();
        _ = admission.AcquireAsync(Stranger("10.0.0.3"), Cancel).AsTask();

        await Acquired(new Ticket(Lane.KnownDevice, "ALICE@EXAMPLE.COM"));
        await Acquired(new Ticket(Lane.Exempt, ""));
        await Acquired(new Ticket(Lane.Exempt, ""));
    }

    [Fact]
    public void The_lane_follows_the_allow_list_and_a_device_cookie_for_the_same_account_only()
    {
        var remembered = new DefaultHttpContext();
        devices.Remember(remembered, "ALICE@EXAMPLE.COM", "device-1");
        var cookie = remembered.Response.Headers.SetCookie.ToString().Split(';')[0];

        Assert.Equal(Lane.Exempt, admission.TicketFor(null, "ALICE@EXAMPLE.COM").Lane);
        Assert.Equal(Lane.Exempt, admission.TicketFor(Request("198.51.100.7"), "ALICE@EXAMPLE.COM").Lane);
        Assert.Equal(new Ticket(Lane.Stranger, "10.1.2.3"), admission.TicketFor(Request("10.1.2.3"), "ALICE@EXAMPLE.COM"));
        Assert.Equal(new Ticket(Lane.KnownDevice, "ALICE@EXAMPLE.COM"), admission.TicketFor(Request("10.1.2.3", cookie), "ALICE@EXAMPLE.COM"));
        Assert.Equal(Lane.Stranger, admission.TicketFor(Request("10.1.2.3", cookie), "BOB@EXAMPLE.COM").Lane);
        Assert.Equal(Lane.Stranger, admission.TicketFor(Request("10.1.2.3", KnownDevices.CookieName + "=forged"), "ALICE@EXAMPLE.COM").Lane);

        time.Advance(TimeSpan.FromDays(91));
        Assert.Equal(Lane.Stranger, admission.TicketFor(Request("10.1.2.3", cookie), "ALICE@EXAMPLE.COM").Lane);
    }

    private static DefaultHttpContext Request(string address, string? cookie = null)
    {
        var http = new DefaultHttpContext();
        http.Connection.RemoteIpAddress = IPAddress.Parse(address);
        if (cookie is not null)
        {
            http.Request.Headers.Cookie = cookie;
        }

        return http;
    }

    public void Dispose()
    {
        leases.ForEach(l => l.Dispose());
        admission.Dispose();
    }

    [Fact]
    public async Task A_stranger_turned_away_gets_a_puzzle_and_its_solution_buys_a_slot_while_the_strangers_lane_stays_full()
    {
        await Acquired(Stranger("10.0.0.1"));
        _ = admission.AcquireAsync(Stranger("10.0.0.2"), Cancel).AsTask(); // the one place in the queue
        var busy = admission.Busy(Stranger("10.0.0.3"));
        Assert.NotNull(busy.Puzzle);

        var unsolved = admission.TicketFor(Request("10.0.0.3"), "ALICE@EXAMPLE.COM");
        var solved = admission.TicketFor(WithProof(Request("10.0.0.3"), SignInPuzzle.Solve(busy.Puzzle)), "ALICE@EXAMPLE.COM");

        Assert.Equal(Lane.Stranger, unsolved.Lane);
        Assert.Equal(Lane.Solved, solved.Lane);
        await Acquired(solved); // at once, while the strangers' slot is taken and its queue full
    }

    [Fact]
    public void Known_devices_and_exempt_callers_are_never_asked_for_work()
    {
        Assert.Null(admission.Busy(new Ticket(Lane.KnownDevice, "ALICE@EXAMPLE.COM")).Puzzle);
        Assert.Null(admission.Busy(new Ticket(Lane.Exempt, "")).Puzzle);
        Assert.True(admission.Busy(new Ticket(Lane.KnownDevice, "ALICE@EXAMPLE.COM")).IsBusy);
    }

    private static DefaultHttpContext WithProof(DefaultHttpContext http, string proof)
    {
        http.Request.Headers[Puzzle.HeaderName] = proof;
        return http;
    }
}
