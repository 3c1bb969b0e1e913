using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace AdminConsole.Core.SignIn;

/// <summary>
/// The sign-in's own services: admission in front of the hash, the puzzle, the risk score and challenge, device
/// cookies, signals and the recorder. <see cref="AppSignInManager"/> itself is Identity's sign-in manager, registered
/// by <c>Identity/IdentitySetup.cs</c>.
/// </summary>
public static class SignInSetup
{
    public static IHostApplicationBuilder AddSignIn(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<AdmissionOptions, AdmissionOptionsValidator>(AdmissionOptions.Section);
        services.AddValidatedOptions<ChallengeOptions, ChallengeOptionsValidator>(ChallengeOptions.Section);
        services.AddValidatedOptions<RiskOptions, ChallengeOptionsValidator>(RiskOptions.Section);
        services.AddEditablePolicy<ChallengeOptions>(ChallengeOptions.Section);
        services.AddEditablePolicy<RiskOptions>(RiskOptions.Section);
        services.TryAddSingleton<HashAdmission>();
        services.TryAddSingleton<SignInPuzzle>();
        services.TryAddSingleton<SignInSignals>();
        services.TryAddSingleton<KnownDevices>();
        services.TryAddScoped<RequestDevice>();
        services.TryAddScoped<SignInRisk>();
        services.TryAddScoped<LoginAttemptRecorder>();
        return builder;
    }
}
