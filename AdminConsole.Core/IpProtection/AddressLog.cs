namespace AdminConsole.Core.IpProtection;

internal static partial class AddressLog
{
    [LoggerMessage(EventId = 2001, EventName = "AddressRulesRefreshFailed", Level = LogLevel.Error,
        Message = "Address rules could not be reloaded; the previous rules stay in force")]
    public static partial void RefreshFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2002, EventName = "AddressBlocked", Level = LogLevel.Warning,
        Message = "Address {Address} blocked automatically until {Until} after {Failures} failed sign-ins")]
    public static partial void Blocked(ILogger logger, string address, DateTimeOffset until, int failures);

    [LoggerMessage(EventId = 2003, EventName = "RejectionSummaryFailed", Level = LogLevel.Error,
        Message = "Rejected-request summaries could not be written; they are kept and retried")]
    public static partial void SummaryFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2004, EventName = "AutomaticBlockRefusedForProxy", Level = LogLevel.Critical,
        Message = "Address {Address} reached the automatic block threshold but is a trusted proxy; it was not blocked")]
    public static partial void BlockRefusedForProxy(ILogger logger, string address);
}
