namespace AdminConsole.Core.Users;

/// <summary>
/// How many invitations one admin may send per window (<c>RateLimits:AdminUserCreation</c>, 10 an hour by default).
/// The web project supplies the values, so a limit changed on the Policy page applies here too.
/// </summary>
public sealed class InvitationLimit(Func<int> permits, Func<TimeSpan> window)
{
    public int Permits => permits();

    public TimeSpan Window => window();
}
