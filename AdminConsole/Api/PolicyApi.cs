using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using AdminConsole.Core.Audit;
using AdminConsole.Core.IpProtection;
using AdminConsole.Core.Lockout;
using AdminConsole.Core.Policy;
using AdminConsole.Protection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace AdminConsole.Api;

/// <summary>A change to one policy section: the values to change (the others stay as in force) and the reason.</summary>
public sealed record PolicyChangeRequest(JsonObject? Values, string? Reason);

/// <summary>Where a stored section came from.</summary>
public sealed record StoredPolicy(string Section, DateTimeOffset UpdatedAt, string UpdatedBy);

/// <summary>The policy in force, as the Policy page shows it, and which sections the console has changed.</summary>
public sealed record PolicyView(
    LockoutPolicyOptions Lockout, AddressBlockingOptions AddressBlocking, RateLimitOptions RateLimits, IReadOnlyList<StoredPolicy> Stored,
    string? Preset, IReadOnlyList<string> PresetNotes, ChallengeOptions Challenge, RiskOptions Risk);

/// <summary>
/// The Policy page for scripts: read the policy in force; change a section (<c>Lockout</c>, <c>AddressBlocking</c>,
/// <c>RateLimits</c>, <c>Challenge</c>, <c>Risk</c>) with the page's validation (the configuration validators: errors name the key), reason and
/// audit event, in force at once; or drop the stored section so configuration applies again.
/// </summary>
public static class PolicyApi
{
    /// <summary>Web names (camelCase) out; in, unknown names are refused rather than ignored.</summary>
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow };

    public static IEndpointRouteBuilder MapPolicyApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/admin/policy").RequireAuthorization(WebApplicationExtensions.ConsolePolicy).WithTags("Policy")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapGet("/", Get);
        api.MapPut("/{section}", ChangeAsync).DisableAntiforgery();
        api.MapDelete("/{section}", RestoreAsync);
        return app;
    }

    private static PolicyView Get(
        IOptionsMonitor<LockoutPolicyOptions> lockout, IOptionsMonitor<AddressBlockingOptions> blocking, IOptionsMonitor<RateLimitOptions> limits, PolicyService policy,
        IConfiguration configuration, IOptionsMonitor<ChallengeOptions> challenge, IOptionsMonitor<RiskOptions> risk)
    {
        var preset = PolicyPreset.Of(configuration);
        return new(lockout.CurrentValue, blocking.CurrentValue, limits.CurrentValue,
            Sections.Select(policy.Stored).OfType<PolicySetting>().Select(s => new StoredPolicy(s.Section, s.UpdatedAt, s.UpdatedBy)).ToList(),
            preset, preset is null ? [] : PolicyPreset.Notes, challenge.CurrentValue, risk.CurrentValue);
    }

    private static async Task<Results<Ok<AdminMessage>, NotFoundProblem, ConflictProblem, ValidationProblem, ProblemHttpResult>> ChangeAsync(
        string section, [FromBody] PolicyChangeRequest? body, HttpContext http, PolicyService policy, IServiceProvider services, CancellationToken ct)
    {
        if (body?.Values is not { Count: > 0 } values)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["values"] = ["Give the values to change, as in GET /api/admin/policy."] });
        }

        if (NullIn(values) is { } path)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["values"] = [$"{path} may not be null: give a value, or leave it out to keep the one in force."] });
        }

        var actor = AdminApi.Actor(http);
        var reason = body.Reason ?? "";
        return section switch
        {
            LockoutPolicyOptions.Section => await SaveAsync<LockoutPolicyOptions>(section, values, reason, actor, services, policy, ct),
            AddressBlockingOptions.Section => await SaveAsync<AddressBlockingOptions>(section, values, reason, actor, services, policy, ct),
            RateLimitOptions.Section => await SaveAsync<RateLimitOptions>(section, values, reason, actor, services, policy, ct),
            ChallengeOptions.Section => await SaveAsync<ChallengeOptions>(section, values, reason, actor, services, policy, ct),
            RiskOptions.Section => await SaveAsync<RiskOptions>(section, values, reason, actor, services, policy, ct),
            _ => NoSection(),
        };
    }

    private static async Task<Results<Ok<AdminMessage>, NotFoundProblem, ConflictProblem, ValidationProblem, ProblemHttpResult>> RestoreAsync(
        string section, string? reason, HttpContext http, PolicyService policy, CancellationToken ct)
    {
        var actor = AdminApi.Actor(http);
        return section switch
        {
            LockoutPolicyOptions.Section => AdminAnswers.Message(await policy.RestoreConfigurationAsync<LockoutPolicyOptions>(section, reason ?? "", actor, ct)),
            AddressBlockingOptions.Section => AdminAnswers.Message(await policy.RestoreConfigurationAsync<AddressBlockingOptions>(section, reason ?? "", actor, ct)),
            RateLimitOptions.Section => AdminAnswers.Message(await policy.RestoreConfigurationAsync<RateLimitOptions>(section, reason ?? "", actor, ct)),
            ChallengeOptions.Section => AdminAnswers.Message(await policy.RestoreConfigurationAsync<ChallengeOptions>(section, reason ?? "", actor, ct)),
            RiskOptions.Section => AdminAnswers.Message(await policy.RestoreConfigurationAsync<RiskOptions>(section, reason ?? "", actor, ct)),
            _ => NoSection(),
        };
    }

    /// <summary>The section in force with the given values laid over it, then the page's own save.</summary>
    private static async Task<Results<Ok<AdminMessage>, NotFoundProblem, ConflictProblem, ValidationProblem, ProblemHttpResult>> SaveAsync<T>(
        string section, JsonObject values, string reason, ConsoleActor actor, IServiceProvider services, PolicyService policy, CancellationToken ct)
        where T : class
    {
        var merged = JsonSerializer.SerializeToNode(services.GetRequiredService<IOptionsMonitor<T>>().CurrentValue, Json)!.AsObject();
        foreach (var (name, value) in values)
        {
            merged[name] = value?.DeepClone();
        }

        T changed;
        try
        {
            changed = merged.Deserialize<T>(Json)!;
        }
        catch (JsonException e)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["values"] = [$"{section}: {e.Message}"] });
        }

        return AdminAnswers.Message(await policy.SaveAsync(section, changed, reason, actor, ct));
    }

    /// <summary>The path of the first null in the values, if any.</summary>
    private static string? NullIn(JsonNode? node, string path = "values") => node switch
    {
        null => path,
        JsonObject o => o.Select(p => NullIn(p.Value, $"{path}.{p.Key}")).FirstOrDefault(p => p is not null),
        JsonArray a => a.Select((item, i) => NullIn(item, $"{path}[{i}]")).FirstOrDefault(p => p is not null),
        _ => null,
    };

    /// <summary>The sections the API reads and changes.</summary>
    private static readonly string[] Sections =
        [LockoutPolicyOptions.Section, AddressBlockingOptions.Section, RateLimitOptions.Section, ChallengeOptions.Section, RiskOptions.Section];

    private static NotFoundProblem NoSection() =>
        AdminAnswers.NotFound($"There is no such policy section: use {string.Join(", ", Sections[..^1])} or {Sections[^1]}.");
}
