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
}
