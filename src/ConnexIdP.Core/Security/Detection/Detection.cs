using System.Net;

namespace ConnexIdP.Core.Security.Detection;

/// <summary>What a rule found: its name, how serious, the source it names (an address or a network), and in words what happened.</summary>
/// <param name="Account">The account concerned, when the detection is about one.</param>
public sealed record Detection(string Rule, DetectionSeverity Severity, IPNetwork Source, string Description, string? Account = null);
