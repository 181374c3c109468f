using ConnexIdP.Core.Defence;
using ConnexIdP.Core.Security;

namespace ConnexIdP.Core.Accounts;

/// <summary>Where a password attempt comes from: the request (for events and the hashing gate) and the known device, if any.</summary>
public sealed record SignInAttempt(SecurityEventContext Request, KnownDevice? Device = null)
{
    /// <summary>The device, when it is a known device of <paramref name="account"/> (a cookie for another account counts for nothing).</summary>
    public KnownDevice? DeviceOf(Account? account) => Device is { } device && account is not null && device.AccountId == account.Id ? device : null;

    /// <summary>
    /// The password counter this attempt counts on: the known device's own, or else the one of the normalised email
    /// (<paramref name="normalizedEmail"/>, null when unreadable), which exists whether or not an account has that email.
    /// </summary>
    public string PasswordCounterKey(Account? account, string? normalizedEmail) => DeviceOf(account) is { } device
        ? CounterKey.ForDevice(Factors.Password, account!.Id, device.DeviceId)
        : CounterKey.ForEmail(Factors.Password, normalizedEmail);
}
