namespace AdminConsole.Core.OpenId;

/// <summary>Claims of our own inside codes and refresh tokens (encrypted; never given to a client).</summary>
public static class OpenIdClaims
{
    /// <summary>The server-side session (<see cref="Sessions.UserSession"/>) that authorized the grant.</summary>
    public const string Session = "adminconsole:session";
}
