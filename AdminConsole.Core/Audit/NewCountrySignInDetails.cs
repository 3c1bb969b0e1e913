namespace AdminConsole.Core.Audit;

/// <summary>A successful sign-in from a country the account never signed in from before, and the country it last did.</summary>
public sealed record NewCountrySignInDetails(string Country, string PreviousCountry, int? Asn, int? RiskScore = null) : ISecurityEventDetails;
