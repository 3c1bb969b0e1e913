using System.Data.Common;
using AdminConsole.Core.Data;
using AdminConsole.Core.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace AdminConsole.Core.IpProtection;

/// <summary>
/// A honeypot name must never be a real account's: at start and at every policy edit, a honeypot that an existing
/// user's name or email matches is refused, naming the key (blocking the owner's address would be the result).
/// </summary>
public sealed class HoneypotNamesValidator(IServiceScopeFactory scopes) : IValidateOptions<AddressBlockingOptions>
{
    public ValidateOptionsResult Validate(string? name, AddressBlockingOptions options)
    {
        if (options.HoneypotNames.Count == 0)
        {
            return ValidateOptionsResult.Success;
        }

        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<SecurityDbContext>();
        var errors = new List<string>();
        for (var i = 0; i < options.HoneypotNames.Count; i++)
        {
            var honeypot = AccountNames.Normalize(options.HoneypotNames[i]);
            if (!HoneypotNames.IsWellFormed(honeypot))
            {
                continue; // AddressBlockingOptionsValidator names it
            }

            try
            {
                var taken = honeypot.EndsWith('@')
                    ? db.Users.Any(u => u.NormalizedUserName!.StartsWith(honeypot) || u.NormalizedEmail!.StartsWith(honeypot))
                    : db.Users.Any(u => u.NormalizedUserName == honeypot || u.NormalizedEmail == honeypot);
                if (taken)
                {
                    errors.Add($"{AddressBlockingOptions.Section}:HoneypotNames:{i} ('{options.HoneypotNames[i]}') is the name of an existing account; a honeypot must never be a real account.");
                }
            }
            catch (DbException)
            {
                // No schema yet (before the first migration): no accounts exist, and creating one is checked by
                // HoneypotUserValidator.
                return ValidateOptionsResult.Success;
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
