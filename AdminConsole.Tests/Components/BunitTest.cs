using AdminConsole.Components.Admin.Shared;
using AdminConsole.Core.Accounts;
using AdminConsole.Core.Data;
using AdminConsole.Core.Dashboard;
using AdminConsole.Core.Lockout;
using Bunit;
using Microsoft.Data.Sqlite;
using MudBlazor.Services;

namespace AdminConsole.Tests.Components;

/// <summary>
/// A fresh bunit context per test with MudBlazor registered, JS interop in loose mode, and the console's Core
/// read services on a private in-memory SQLite database that the test can fill.
/// </summary>
public abstract class BunitTest : BunitContext
{
    private readonly SqliteConnection connection = new("Data Source=:memory:");

    protected BunitTest()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        connection.Open();
        // Identity's store options shape the model (and EF caches models process-wide): configure them as the app does.
        Services.Configure<IdentityOptions>(AdminConsole.Core.ServiceCollectionExtensions.ConfigureIdentity);
        Services.AddDbContext<SecurityDbContext, SqliteSecurityDbContext>(o => o.UseSqlite(connection));
        Services.AddSingleton(TimeProvider.System);
        Services.AddOptions<LockoutPolicyOptions>().Configure(o => o.Tiers = LockoutPolicyOptions.DefaultTiers());
        Services.AddSingleton<LockoutPolicy>();
        Services.AddScoped<AccountQueries>();
        Services.AddScoped<AdminConsole.Core.Audit.ConsoleAuthorization>();
        Services.AddScoped<AdminConsole.Core.Sessions.SessionStore>();
        Services.AddOpenIddict().AddCore(o => o.UseEntityFrameworkCore().UseDbContext<SecurityDbContext>());
        Services.AddScoped<AdminConsole.Core.OpenId.ApplicationService>();
        Services.AddSingleton<AdminConsole.Core.Instances.IInstanceChannel, AdminConsole.Core.Instances.InProcessChannel>();
        Services.AddSingleton<AdminConsole.Core.Data.AfterCommit>();
        Services.AddSingleton<AdminConsole.Core.Audit.ISecurityEventLog, EventsOnly>();
        Services.AddSingleton<AdminConsole.Core.Sessions.SessionSignal>();
        Services.AddScoped<AccountAdminService>();
        Services.AddScoped<DashboardQueries>();
        Services.AddScoped<ConsoleScope>();
        Services.AddMetrics();
        Services.AddSingleton<AdminConsole.Core.Telemetry.SecurityMetrics>();
        Services.AddSingleton<AdminConsole.Core.Notifications.NotificationHub>();
        Services.AddScoped<AdminConsole.Core.Notifications.NotificationQueries>();
        Services.AddOptions<AdminConsole.Core.IpProtection.NetworkOptions>();
        Services.AddSingleton<AdminConsole.Core.IpProtection.TrustedProxies>();
        Services.AddSingleton<AdminConsole.Core.IpProtection.ForwardedHeaderWarning>();
        using var db = Database();
        db.Database.EnsureCreated();
    }

    /// <summary>A context on the test's database that does not touch the bunit service provider.</summary>
    private SqliteSecurityDbContext Database() =>
        new(new DbContextOptionsBuilder<SqliteSecurityDbContext>().UseSqlite(connection).UseApplicationServiceProvider(IdentitySettings).Options);

    private static readonly ServiceProvider IdentitySettings =
        new ServiceCollection().Configure<IdentityOptions>(AdminConsole.Core.ServiceCollectionExtensions.ConfigureIdentity).BuildServiceProvider();

    protected T WithDatabase<T>(Func<SecurityDbContext, T> work)
    {
        using var db = Database();
        return work(db);
    }

    protected void AddAccount(string email)
    {
        using var db = Database();
        db.Users.Add(new AppUser { UserName = email, Email = email, NormalizedEmail = email.ToUpperInvariant(), NormalizedUserName = email.ToUpperInvariant() });
        db.SaveChanges();
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            connection.Dispose();
        }
    }

    /// <summary>Component tests look at pages, not at notifications or mail: events are written without their effects.</summary>
    private sealed class EventsOnly : AdminConsole.Core.Audit.ISecurityEventLog
    {
        public Task AddAsync(SecurityDbContext db, AdminConsole.Core.Audit.SecurityEvent securityEvent, CancellationToken cancellationToken)
        {
            db.SecurityEvents.Add(securityEvent);
            return Task.CompletedTask;
        }
    }
}
