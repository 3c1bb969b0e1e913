namespace AdminConsole.Protection;

/// <summary>Where a client stands in one rate-limit window: what the <c>RateLimit-*</c> headers tell it.</summary>
public sealed record RateLimitWindow(int Limit, int Remaining, TimeSpan Reset);
