namespace AdminConsole.Core.Attempts;

/// <summary>How one sign-in attempt ended. Stored as text so that history stays readable.</summary>
public enum LoginOutcome
{
    Succeeded,
    WrongPassword,
    UnknownUser,
    LockedOut,
    AddressBlocked,
    Throttled,
    RequiresTwoFactor,
    WrongSecondFactor,
    InvalidPasskey,
    NotAllowed,

    /// <summary>A wrong password this name was already tried with in the failure window: recorded, counted nowhere.</summary>
    RepeatedWrongPassword,

    /// <summary>The OpenID Connect token endpoint refused a request (bad code, refresh token or client credentials).</summary>
    TokenRefused,

    /// <summary>The token endpoint refused a client secret (counted against the application when it is a confidential one).</summary>
    WrongClientSecret,

    /// <summary>Asked to solve a puzzle first (after failures, or at a high risk): nothing checked, nothing counted.</summary>
    Challenged,
}
