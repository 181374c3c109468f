namespace ConnexIdP.Core.Defence;

/// <summary>
/// The keys of <see cref="FailureCounter"/> rows. A factor of an account is counted by normalised email, whether or not
/// an account has it (so the defence answers alike for unknown emails), and separately per known device; each factor
/// (<see cref="Factors"/>) has counters of its own, so failures of one never lock another.
/// </summary>
public static class CounterKey
{
    // Never a normalised email, which has no spaces.
    private const string UnreadableEmail = "(unreadable email)";

    /// <summary>The account's counter for <paramref name="factor"/>, used by requests without a known device cookie.</summary>
    public static string ForEmail(string factor, string? normalizedEmail) => $"{factor}|email|{normalizedEmail ?? UnreadableEmail}";

    /// <summary>The counter of one known device of an account for <paramref name="factor"/>.</summary>
    public static string ForDevice(string factor, string accountId, string deviceId) => $"{DevicePrefix(factor, accountId)}{deviceId}";

    /// <summary>What every device counter of an account for <paramref name="factor"/> starts with.</summary>
    public static string DevicePrefix(string factor, string accountId) => $"{factor}|device|{accountId}|";

    /// <summary>The counter of a factor checked after the password, when the account is known.</summary>
    public static string ForAccount(string factor, string accountId) => $"{factor}|account|{accountId}";

    public static string ForClient(string clientId) => $"client|id|{clientId}";

    public static string ForClientSource(string source) => $"client|source|{source}";
}
