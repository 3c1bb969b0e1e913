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
    /// short transaction. Rows already pseudonymised are skipped, so a second run changes nothing. Returns the
    /// attempt rows changed.
    /// </summary>
    public async Task<long> PseudonymiseAsync(DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken)
    {
        var key = await KeyAsync(cancellationToken);
        long changed = 0;
        while (true)
        {
            var addresses = await db.LoginAttempts
                .Where(a => a.At < cutoff && !a.Address.StartsWith(Prefix) && a.Address != "")
                .Select(a => a.Address).Distinct().Take(batchSize)
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
        while (true)
        {
            var names = await db.AttemptCounts
                .Where(c => ((c.Kind == AttemptCountKind.FailuresByAddressHour && c.Period < cutoffHour) || (c.Kind == AttemptCountKind.FailuresByAddressDay && c.Period < cutoffDay))
                    && !c.Name.StartsWith(Prefix))
                .Select(c => c.Name).Distinct().Take(batchSize)
                .ToListAsync(cancellationToken);
            if (names.Count == 0)
            {
                break;
            }

            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            foreach (var name in names)
            {
                var pseudonym = Of(key, name).Address;
                await db.AttemptCounts
                    .Where(c => c.Name == name && ((c.Kind == AttemptCountKind.FailuresByAddressHour && c.Period < cutoffHour) || (c.Kind == AttemptCountKind.FailuresByAddressDay && c.Period < cutoffDay)))
                    .ExecuteUpdateAsync(s => s.SetProperty(c => c.Name, pseudonym), cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        // The audit log keeps the address of each event (a lock, a sign-in after failures) for longer than attempts
        // keep theirs: it gets the same pseudonym, or one event would name the address of every attempt it matches.
        while (true)
        {
            var eventAddresses = await db.SecurityEvents
                .Where(e => e.At < cutoff && e.Address != null && e.Address != "" && !e.Address.StartsWith(Prefix))
                .Select(e => e.Address!).Distinct().Take(batchSize)
                .ToListAsync(cancellationToken);
            if (eventAddresses.Count == 0)
            {
                break;
            }

            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            foreach (var address in eventAddresses)
            {
                var pseudonym = Of(key, address).Address;
                await db.SecurityEvents
                    .Where(e => e.At < cutoff && e.Address == address)
                    .ExecuteUpdateAsync(s => s.SetProperty(e => e.Address, pseudonym), cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        return changed;
    }
}
