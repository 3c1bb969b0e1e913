using AdminConsole.Core.Attempts;
using Microsoft.AspNetCore.Http;

namespace AdminConsole.Core.OpenId;

/// <summary>Why the token endpoint refused a known user: the endpoint leaves it on the request for <see cref="TokenFailureRecorder"/>.</summary>
public sealed record TokenRefusal(string UserName, string UserId, LoginOutcome Outcome)
{
    private const string Key = "AdminConsole.OpenId.TokenRefusal";

    public void Attach(HttpContext context) => context.Items[Key] = this;

    public static TokenRefusal? Of(HttpContext? context) => context?.Items[Key] as TokenRefusal;
}
