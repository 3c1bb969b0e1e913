using AdminConsole.Core.Policy;

namespace AdminConsole.Protection;

/// <summary>One request limit as the Policy page edits it.</summary>
public sealed class RateLimitEdit(string label, RateLimit limit)
{
    public string Label { get; } = label;

    /// <summary>The limit as it was when the edit began.</summary>
    public RateLimit InForce { get; } = limit;

    public int Permits { get; set; } = limit.PermitLimit;

    public DurationField Window { get; } = new(limit.Window);
}

/// <summary>The request limits as the Policy page edits them, each limit by its name.</summary>
public sealed class RateLimitsEdit
{
    private RateLimitsEdit(RateLimitOptions o)
    {
        SignIn = new("Sign-in form and API posts", o.SignIn);
        Registration = new("Registration", o.Registration);
        PasswordReset = new("Password reset requests (per address, and per account)", o.PasswordReset);
        AdminUserCreation = new("Admin user creation (per admin)", o.AdminUserCreation);
        Api = new("Other API endpoints (SecurityAdmins exempt)", o.Api);
    }

    public RateLimitEdit SignIn { get; }

    public RateLimitEdit Registration { get; }

    public RateLimitEdit PasswordReset { get; }

    public RateLimitEdit AdminUserCreation { get; }

    public RateLimitEdit Api { get; }

    /// <summary>The limits in the order the page shows them.</summary>
    public IReadOnlyList<RateLimitEdit> Rows => [SignIn, Registration, PasswordReset, AdminUserCreation, Api];

    public static RateLimitsEdit From(RateLimitOptions o) => new(o);

    /// <summary>The limits as edited, or null when a window does not read (its field says why).</summary>
    public RateLimitOptions? ToOptions()
    {
        var windows = Rows.Select(r => r.Window.Parse()).ToList();
        if (windows.Any(w => w is null))
        {
            return null;
        }

        return new RateLimitOptions
        {
            SignIn = Limit(SignIn),
            Registration = Limit(Registration),
            PasswordReset = Limit(PasswordReset),
            AdminUserCreation = Limit(AdminUserCreation),
            Api = Limit(Api),
        };

        static RateLimit Limit(RateLimitEdit edit) => new() { PermitLimit = edit.Permits, Window = edit.Window.Parse()!.Value };
    }
}
