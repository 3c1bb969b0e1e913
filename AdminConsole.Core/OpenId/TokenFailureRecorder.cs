using AdminConsole.Core.Attempts;
using Microsoft.AspNetCore.Http;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

using AdminConsole.Core.SignIn;

namespace AdminConsole.Core.OpenId;

/// <summary>
/// Every error answer of the token endpoint (a wrong client secret, a bad, replayed, expired or foreign code, a spent
/// refresh token, a refused account) is an attempt record naming the client (ASVS 16.3.1). It runs before the answer
/// is written: a record that cannot be stored fails the request, which was a refusal anyway.
/// </summary>
public sealed class TokenFailureRecorder(LoginAttemptRecorder recorder, ClientLockout lockout, IHttpContextAccessor accessor) : IOpenIddictServerHandler<ApplyTokenResponseContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyTokenResponseContext>()
        .UseScopedHandler<TokenFailureRecorder>()
        .SetOrder(int.MinValue + 100_000)
        .SetType(OpenIddictServerHandlerType.Custom)
        .Build();

    public async ValueTask HandleAsync(ApplyTokenResponseContext context)
    {
        if (string.IsNullOrEmpty(context.Response.Error))
        {
            return;
        }

        var http = accessor.HttpContext;
        var refusal = TokenRefusal.Of(http);
        var client = ClientInfo.From(http);
        var clientId = OpenIdRequestClient.Clean(context.Request?.ClientId);
        var cancellationToken = http?.RequestAborted ?? CancellationToken.None;

        // A client secret OpenIddict refused (invalid_client with a secret sent) counts against the application.
        var wrongSecret = refusal is null && clientId is not null && context.Response.Error == OpenIddict.Abstractions.OpenIddictConstants.Errors.InvalidClient
            && !string.IsNullOrEmpty(context.Request?.ClientSecret);
        var attempt = client.Attempt(refusal?.UserName ?? "", refusal?.UserId);
        attempt.Outcome = refusal?.Outcome ?? (wrongSecret ? LoginOutcome.WrongClientSecret : LoginOutcome.TokenRefused);
        attempt.ClientId = clientId;
        await recorder.RecordRefusalAsync(attempt, cancellationToken);
        if (wrongSecret)
        {
            await lockout.CountFailureAsync(clientId!, cancellationToken);
        }
    }
}
