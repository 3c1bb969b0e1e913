using System.Linq.Expressions;
using System.Security.Cryptography;
using System.Text;
using AdminConsole.Core.Dashboard;
using AdminConsole.Core.Data;

namespace AdminConsole.Core.Attempts;

/// <summary>
/// Replaces old attempt addresses by a keyed hash (HMAC-SHA256 under the <see cref="KeyName"/> server secret), so history
/// past <see cref="RetentionOptions.AddressDays"/> still groups by address but no longer names one. The same address
/// always gives the same pseudonym, on every instance and after restarts. A pseudonym is
/// <c>pseudonym:</c> and 16 hex digits; its <see cref="LoginAttempt.AddressKey"/> starts with <c>z</c>, which sorts
/// after every hex key, so no address or CIDR filter ever matches it.
/// </summary>
public sealed class AddressPseudonyms(SecurityDbContext db, ServerSecrets secrets)
{
    /// <summary>The name of the key among the <see cref="ServerSecrets"/>.</summary>
    public const string KeyName = "AddressPseudonym";

    public const string Prefix = "pseudonym:";

    /// <summary>How every pseudonymised address key starts: after any hex digit, so outside every address range.</summary>
    public const string KeyPrefix = "z";

    public static bool IsPseudonym(string? address) => address?.StartsWith(Prefix, StringComparison.Ordinal) == true;

    /// <summary>The address's pseudonym and its grouping key.</summary>
    public static (string Address, string Key) Of(byte[] key, string address)
    {
        var canonical = IpProtection.ClientAddress.SortKey(address) ?? address;
        var mac = Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(canonical)));
        return (Prefix + mac[..16], KeyPrefix + mac[..(IpProtection.ClientAddress.SortKeyLength - 1)]);
    }

    /// <summary>The key: a data-protected server secret, made on first use and the same on every instance.</summary>
    public Task<byte[]> KeyAsync(CancellationToken cancellationToken) => secrets.GetAsync(KeyName, cancellationToken);

    /// <summary>
    /// Pseudonymises the addresses of attempts before <paramref name="cutoff"/>, and the per-address dashboard
    /// counts of periods before it, <paramref name="batchSize"/> distinct addresses at a time, each batch its own
    /// short transaction (batches in address order, so each is a stated set). Rows already pseudonymised are skipped,
    /// so a second run changes nothing. Returns the attempt rows changed.
    /// </summary>
    public async Task<long> PseudonymiseAsync(DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken)
    {
        var key = await KeyAsync(cancellationToken);
        long changed = 0;
        while (true)
        {
            var addresses = await db.LoginAttempts
                .Where(a => a.At < cutoff && !a.Address.StartsWith(Prefix) && a.Address != "")
                .Select(a => a.Address).Distinct().OrderBy(a => a).Take(batchSize)
                .ToListAsync(cancellationToken);
            if (addresses.Count == 0)
            {
                break;
            }

            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            foreach (var address in addresses)
            {
                var (pseudonym, addressKey) = Of(key, address);
                changed += await db.LoginAttempts
                    .Where(a => a.At < cutoff && a.Address == address)
                    .ExecuteUpdateAsync(s => s.SetProperty(a => a.Address, pseudonym).SetProperty(a => a.AddressKey, addressKey), cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        var cutoffHour = cutoff.UtcTicks / TimeSpan.TicksPerHour;
        var cutoffDay = cutoffHour / 24;
        await PseudonymiseColumnAsync(
            db.AttemptCounts.Where(c => (c.Kind == AttemptCountKind.FailuresByAddressHour && c.Period < cutoffHour) || (c.Kind == AttemptCountKind.FailuresByAddressDay && c.Period < cutoffDay)),
            c => c.Name, key, batchSize, cancellationToken);

        // Addresses kept beside the attempts get the same pseudonym once their time is past the cutoff, or one row
        // would name the address of every attempt it matches: the audit log's events (kept longer than attempts),
        // each account's last sign-in, each lockout row's last failure, each known device and each session.
        await PseudonymiseColumnAsync(db.SecurityEvents.Where(e => e.At < cutoff), e => e.Address, key, batchSize, cancellationToken);
        await PseudonymiseColumnAsync(db.Users.Where(u => u.LastSignInAt < cutoff), u => u.LastSignInAddress, key, batchSize, cancellationToken);
        await PseudonymiseColumnAsync(db.AccountLockouts.Where(l => l.LastFailureAt < cutoff), l => l.LastFailureAddress, key, batchSize, cancellationToken);
        await PseudonymiseColumnAsync(db.KnownDevices.Where(d => d.LastSeenAt < cutoff), d => d.Address, key, batchSize, cancellationToken);
        await PseudonymiseColumnAsync(db.UserSessions.Where(s => s.LastSeenAt < cutoff), s => s.Address, key, batchSize, cancellationToken);
        return changed;
    }

    /// <summary>
    /// Replaces each address in <paramref name="column"/> of the <paramref name="old"/> rows with its pseudonym,
    /// <paramref name="batchSize"/> distinct addresses at a time, each batch its own short transaction; rows already
    /// pseudonymised (or without an address) are skipped.
    /// </summary>
    private async Task PseudonymiseColumnAsync<T>(IQueryable<T> old, Expression<Func<T, string?>> column, byte[] key, int batchSize, CancellationToken cancellationToken)
        where T : class
    {
        var named = old.Where(Is(column, a => a != null && a != "" && !a.StartsWith(Prefix)));
        while (true)
        {
            var addresses = await named.Select(column).Distinct().OrderBy(a => a).Take(batchSize).ToListAsync(cancellationToken);
            if (addresses.Count == 0)
            {
                return;
            }

            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            foreach (var address in addresses)
            {
                var pseudonym = Of(key, address!).Address;
                await named.Where(Is(column, a => a == address)).ExecuteUpdateAsync(s => s.SetProperty(column, pseudonym), cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }
    }

    /// <summary><paramref name="test"/> applied to <paramref name="column"/>: a filter on the column's value.</summary>
    private static Expression<Func<T, bool>> Is<T>(Expression<Func<T, string?>> column, Expression<Func<string?, bool>> test) =>
        Expression.Lambda<Func<T, bool>>(
            new ReplaceParameter(test.Parameters[0], column.Body).Visit(test.Body), column.Parameters);

    private sealed class ReplaceParameter(ParameterExpression parameter, Expression replacement) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == parameter ? replacement : node;
    }
}
