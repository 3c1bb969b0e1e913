using AdminConsole.Core.Attempts;
using AdminConsole.Core.Data;

namespace AdminConsole.Core.Location;

/// <summary>The account's latest earlier successful sign-in that was placed in a country.</summary>
public sealed record PlacedSignIn(string Country, string Address, DateTimeOffset At);

/// <summary>
/// What a successful sign-in's place says: <see cref="NewCountry"/> (the account signed in before, never from this
/// country) and <see cref="ImpossibleTravel"/> (from the previous placed sign-in, faster than
/// <see cref="GeoOptions.ImpossibleTravelKmh"/>). <see cref="None"/> when the attempt has no country.
/// </summary>
public sealed record LocationSignal(bool NewCountry, bool ImpossibleTravel, PlacedSignIn? Previous, TravelVerdict? Travel)
{
    public static readonly LocationSignal None = new(false, false, null, null);
}

/// <summary>
/// Reads an account's earlier successful sign-ins to judge a new one by its country. For the sign-in's security
/// events (<see cref="LoginAttemptRecorder"/>) and for a risk score, before or after the attempt is recorded.
/// </summary>
public sealed class LocationSignals(SecurityDbContext db, IOptions<GeoOptions> options, TimeProvider time)
{
    public async Task<LocationSignal> EvaluateAsync(LoginAttempt attempt, CancellationToken cancellationToken)
    {
        if (attempt.UserId is not { } userId || Countries.Find(attempt.Country) is not { } here)
        {
            return LocationSignal.None;
        }

        var at = attempt.At == default ? time.GetUtcNow() : attempt.At;
        var id = attempt.Id;
        var earlier = db.LoginAttempts.AsNoTracking()
            .Where(a => a.UserId == userId && a.Outcome == LoginOutcome.Succeeded && a.Country != null && a.At <= at && a.Id != id);
        var previous = await earlier.OrderByDescending(a => a.At).ThenByDescending(a => a.Id)
            .Select(a => new PlacedSignIn(a.Country!, a.Address, a.At))
            .FirstOrDefaultAsync(cancellationToken);
        if (previous is null)
        {
            return LocationSignal.None;
        }

        var country = here.Code;
        var newCountry = previous.Country != country && !await earlier.AnyAsync(a => a.Country == country, cancellationToken);
        var travel = Countries.Find(previous.Country) is { } there
            ? Location.Travel.Judge(there, previous.At, here, at, options.Value.ImpossibleTravelKmh)
            : null;
        return new LocationSignal(newCountry, travel?.Impossible == true, previous, travel);
    }
}
