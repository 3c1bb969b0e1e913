using System.Net.Sockets;
using AdminConsole.Core.Audit;
using AdminConsole.Core.Data;
using AdminConsole.Core.Identity;
using AdminConsole.Core.IpProtection;

namespace AdminConsole.Core.Attempts;

/// <summary>An attempt as the console lists it.</summary>
public sealed record AttemptRow(
    long Id, DateTimeOffset At, string UserName, string? UserId, string Address, string? UserAgent, LoginOutcome Outcome, int Tier, int Count,
    bool Automated = false, string? ClientId = null, string? Country = null, int? Asn = null, string? AsnOrganization = null, int? RiskScore = null)
{
    /// <summary>"France (FR), AS64500 Example Net", or empty when the attempt was not placed.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string Location => Core.Location.GeoLocation.Describe(Country, Asn, AsnOrganization);

    /// <summary>Browser and operating system in words, e.g. "Chrome 142 on Windows"; the full user agent stays in <see cref="UserAgent"/>.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string Device => Sessions.UserAgentSummary.Describe(UserAgent);
}

/// <summary>A user name one address tried, and how often.</summary>
public sealed record AddressTarget(string UserName, long Attempts, long Failed);

/// <summary>What the attempts page asks for; all filters optional.</summary>
public sealed record AttemptQuery(
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    LoginOutcome? Outcome = null,
    string? UserName = null,
    string? Address = null,
    string? UserId = null,
    int Page = 0,
    int PageSize = 50,
    string? Client = null,
    string? Country = null);

/// <summary>Attempt history, filtered and paged in SQL, newest first.</summary>
public sealed class AttemptQueries(SecurityDbContext db)
{
    public const int MaxPageSize = 500;

    /// <summary>Null when the filters are valid, else what is wrong with them.</summary>
    public static string? Validate(AttemptQuery query)
    {
        if (query.From is { } from && query.To is { } to && from > to)
        {
            return "The start of the time range is after its end.";
        }

        if (!string.IsNullOrWhiteSpace(query.Country) && Core.Location.Countries.Find(query.Country.Trim()) is null)
        {
            return $"'{query.Country}' is not a two-letter ISO 3166 country code.";
        }

        return string.IsNullOrWhiteSpace(query.Address) ? null : AddressFilter(query.Address).Error;
    }

    /// <summary>An address filter in SQL terms: the first and last sort key of the address or range typed.</summary>
    private static (string First, string Last, string? Error) AddressFilter(string input)
    {
        var parsed = AddressParser.Parse(input);
        if (parsed.Network is not { } network)
        {
            return ("", "", parsed.Error);
        }

        var (first, last) = ClientAddress.SortKeyRange(network);
        return (first, last, null);
    }

    public async Task<Page<AttemptRow>> ListAsync(AttemptQuery query, CancellationToken cancellationToken)
    {
        var items = await PageOf(query).ToListAsync(cancellationToken);
        var (total, capped) = await Filter(query).TotalAsync(items.Count, query.Page, Math.Clamp(query.PageSize, 1, MaxPageSize), cancellationToken);
        return new Page<AttemptRow>(items, total, capped);
    }

    /// <summary>The rows of one page, newest first (the query plan tests read its SQL).</summary>
    internal IQueryable<AttemptRow> PageOf(AttemptQuery query)
    {
        var size = Math.Clamp(query.PageSize, 1, MaxPageSize);
        return Project(NewestFirst(Filter(query), IsAddressRange(query)).Skip(Paging.Offset(query.Page, size)).Take(size));
    }

    /// <summary>The user names one address tried, most attempts first, with how many failed.</summary>
    public async Task<IReadOnlyList<AddressTarget>> TargetsOfAsync(string address, CancellationToken cancellationToken)
    {
        if (ClientAddress.SortKey(address) is not { } key)
        {
            return [];
        }

        var rows = await db.LoginAttempts.AsNoTracking()
            .Where(a => a.AddressKey == key && a.UserName != "")
            .GroupBy(a => a.UserName)
            .Select(g => new
            {
                UserName = g.Key,
                Attempts = g.Sum(a => (long)a.Count),
                Failed = g.Sum(a => a.Outcome == LoginOutcome.Succeeded || a.Outcome == LoginOutcome.RequiresTwoFactor ? 0L : a.Count),
                Last = g.Max(a => a.Id),
            })
            .OrderByDescending(t => t.Attempts).ThenByDescending(t => t.Last)
            .Take(50)
            .ToListAsync(cancellationToken);
        return rows.Select(r => new AddressTarget(r.UserName.ToLowerInvariant(), r.Attempts, r.Failed)).ToList();
    }

    /// <summary>Every matching attempt, newest first, streamed (for export).</summary>
    public IAsyncEnumerable<AttemptRow> StreamAsync(AttemptQuery query) =>
        Project(NewestFirst(Filter(query), IsAddressRange(query))).AsAsyncEnumerable();

    /// <summary>
    /// By time, then by id: every history index ends in <c>At</c>, so each filter (time, outcome, one address, an
    /// account) reads its rows in this order from an index and stops after the page instead of sorting every match.
    /// A range of addresses is many keys of the address index, so its rows are sorted after the range is read;
    /// ordering it by the hour first (the same order: the hour is the time's hour) tells SQLite no index gives this
    /// order, so it picks the index by how few rows it reads (the range) instead of by which one avoids the sort
    /// (the outcome's, which would read a whole day of that outcome to find a /16's rows).
    /// </summary>
    private static IQueryable<LoginAttempt> NewestFirst(IQueryable<LoginAttempt> attempts, bool addressRange) =>
        addressRange
            ? attempts.OrderByDescending(a => a.Hour).ThenByDescending(a => a.At).ThenByDescending(a => a.Id)
            : attempts.OrderByDescending(a => a.At).ThenByDescending(a => a.Id);

    private static bool IsAddressRange(AttemptQuery query) =>
        !string.IsNullOrWhiteSpace(query.Address) && AddressFilter(query.Address) is { Error: null } range && range.First != range.Last;

    private IQueryable<LoginAttempt> Filter(AttemptQuery query)
    {
        if (Validate(query) is { } error)
        {
            throw new ArgumentException(error, nameof(query));
        }

        var attempts = db.LoginAttempts.AsNoTracking();
        if (query.From is { } from)
        {
            attempts = attempts.Where(a => a.At >= from);
        }

        if (query.To is { } to)
        {
            attempts = attempts.Where(a => a.At <= to);
        }

        if (query.Outcome is { } outcome)
        {
            attempts = attempts.Where(a => a.Outcome == outcome);
        }

        if (!string.IsNullOrWhiteSpace(query.UserName))
        {
            var name = AccountNames.Normalize(query.UserName);
            attempts = attempts.Where(a => a.UserName.Contains(name));
        }

        if (!string.IsNullOrWhiteSpace(query.UserId))
        {
            attempts = attempts.Where(a => a.UserId == query.UserId);
        }

        if (!string.IsNullOrWhiteSpace(query.Client))
        {
            var client = query.Client.Trim();
            attempts = attempts.Where(a => a.ClientId == client);
        }

        if (!string.IsNullOrWhiteSpace(query.Country))
        {
            var country = query.Country.Trim().ToUpperInvariant();
            attempts = attempts.Where(a => a.Country == country);
        }

        if (!string.IsNullOrWhiteSpace(query.Address))
        {
            var (first, last, _) = AddressFilter(query.Address);
            attempts = first == last
                ? attempts.Where(a => a.AddressKey == first)
                : attempts.Where(a => a.AddressKey!.CompareTo(first) >= 0 && a.AddressKey.CompareTo(last) <= 0);
        }

        return attempts;
    }

    private static IQueryable<AttemptRow> Project(IQueryable<LoginAttempt> attempts) =>
        attempts.Select(a => new AttemptRow(a.Id, a.At, a.UserName, a.UserId, a.Address, a.UserAgent, a.Outcome, a.Tier, a.Count, a.Automated, a.ClientId, a.Country, a.Asn, a.AsnOrganization, a.RiskScore));
}
