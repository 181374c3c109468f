using System.Net;

namespace ConnexIdP.Core.Security.Detection;

/// <summary>
/// Something a source did that the detection rules count: a sign-in outcome, a failed client authentication, a rotated
/// refresh token presented again, or a request no browser or client of ours would send. Carries no secret.
/// </summary>
/// <param name="Account">The normalised email tried (whether or not an account has it), for sign-in outcomes.</param>
/// <param name="ClientId">The client id presented, for client authentication and refresh tokens.</param>
/// <param name="Detail">What was unexpected (a path, a kind of malformed input), for scanner probes and malformed requests.</param>
/// <param name="Request">The request behind it (user agent, trace id), for the security events a detection records.</param>
public sealed record SourceObservation(
    ObservationKind Kind,
    IPAddress Source,
    string? Account = null,
    string? ClientId = null,
    string? Detail = null,
    SecurityEventContext? Request = null);
