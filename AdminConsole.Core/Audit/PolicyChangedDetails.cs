using System.Text.Json;

namespace AdminConsole.Core.Audit;

/// <summary>
/// A policy section an admin changed: the options before and after as JSON (no after: back to configuration).
/// Stored as the event's JSON details; the property names are the stored ones.
/// </summary>
public sealed record PolicyChangedDetails(string Section, JsonElement Old, JsonElement? New, bool FromConfiguration) : ISecurityEventDetails;
