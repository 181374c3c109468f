using ConnexIdP.Core.Credentials;

namespace ConnexIdP.Core.Accounts;

/// <summary>
/// Outcome of a self-service registration. A registration for an email that already has an account reads exactly like a
/// new one (<see cref="Received"/>): the page must not reveal which emails have accounts.
/// </summary>
public sealed record RegistrationResult(AccountError Error, string? Message)
{
    /// <summary>With <see cref="AccountError.Busy"/>: when to ask again.</summary>
    public int? RetryAfterSeconds { get; init; }

    public static RegistrationResult Received { get; } = new(AccountError.None, null);

    public bool Succeeded => Error == AccountError.None;

    public static RegistrationResult Busy(HashingBusy busy) => new(AccountError.Busy, busy.Message) { RetryAfterSeconds = busy.RetryAfterSeconds };
}
