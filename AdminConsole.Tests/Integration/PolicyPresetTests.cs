using System.Text.Json;
using AdminConsole.Core.Attempts;
using AdminConsole.Core.Policy;
using Microsoft.Extensions.Options;

namespace AdminConsole.Tests.Integration;

/// <summary>The specification's numbers as a preset (Policy:Preset = Specification).</summary>
public sealed class SpecificationPresetFactory : AppFactory
{
    public SpecificationPresetFactory()
    {
        Settings[PolicyPreset.Key] = "Specification";
        Settings["RateLimits:Registration:PermitLimit"] = "4"; // configured explicitly: wins over the preset
    }
}

/// <summary>
/// <c>Policy:Preset</c> = <c>Specification</c> lays the specification's values under configuration: they are in force
/// where nothing else is configured, an explicit value still wins, the values a safety rule forbids are replaced by
/// the nearest allowed ones and said so, and an unknown preset stops the start naming the key.
/// </summary>
public sealed class PolicyPresetTests(SpecificationPresetFactory app) : IClassFixture<SpecificationPresetFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_specification_preset_is_in_force_under_explicit_configuration_and_says_what_it_could_not_take()
    {
        var admin = app.AllowListedClient();
        var email = await app.CreateUserAsync(role: AppRoles.SecurityAdmin);
        Assert.Equal(HttpStatusCode.OK, (await admin.LoginAsync(email, TestPasswords.Good)).StatusCode);

        var policy = JsonDocument.Parse(await admin.GetStringAsync("/api/admin/policy", Cancel)).RootElement;

        var limits = policy.GetProperty("rateLimits");
        Assert.Equal((5, "00:15:00"), (limits.GetProperty("signIn").GetProperty("permitLimit").GetInt32(), limits.GetProperty("signIn").GetProperty("window").GetString()));
        Assert.Equal((4, "01:00:00"), (limits.GetProperty("registration").GetProperty("permitLimit").GetInt32(), limits.GetProperty("registration").GetProperty("window").GetString()));
        var lockout = policy.GetProperty("lockout");
        Assert.Equal("Doubling", lockout.GetProperty("mode").GetString());
        Assert.Equal(("00:15:00", "1.00:00:00"), (lockout.GetProperty("firstDuration").GetString(), lockout.GetProperty("maxDuration").GetString()));
        Assert.Equal("Specification", policy.GetProperty("preset").GetString());
        Assert.Equal(2, policy.GetProperty("presetNotes").GetArrayLength());
        var retention = app.Services.GetRequiredService<IOptions<RetentionOptions>>().Value;
        Assert.Equal((RetentionOptions.MinAttemptDays, 90), (retention.AttemptDays, retention.EventDays));
    }

    [Fact]
    public async Task An_unknown_preset_stops_the_start_naming_the_key()
    {
        await using var other = new AppFactory();
        other.Settings[PolicyPreset.Key] = "Strict";

        var error = Assert.ThrowsAny<Exception>(() => other.Server);

        Assert.Contains("Policy:Preset must be 'Specification' or empty (was 'Strict').", error.ToString(), StringComparison.Ordinal);
    }
}
