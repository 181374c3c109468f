using OtpNet;

namespace ConnexIdP.Core.SecondFactors;

/// <summary>RFC 6238 codes over Otp.NET: computing one for a time, and finding the time step a presented code belongs to.</summary>
public static class TotpCode
{
    /// <summary>The code for <paramref name="at"/>.</summary>
    public static string Compute(byte[] secret, TotpAlgorithm algorithm, int digits, int periodSeconds, DateTimeOffset at) =>
        Create(secret, algorithm, digits, periodSeconds).ComputeTotp(at.UtcDateTime);

    /// <summary>
    /// The time step of <paramref name="now"/> or of one of the <paramref name="driftSteps"/> steps either side whose code is
    /// <paramref name="code"/> (compared in constant time), or null.
    /// </summary>
    public static long? Match(byte[] secret, TotpAlgorithm algorithm, int digits, int periodSeconds, string code, DateTimeOffset now, int driftSteps)
    {
        if (!IsWellFormed(code, digits))
        {
            return null;
        }

        var totp = Create(secret, algorithm, digits, periodSeconds);
        return totp.VerifyTotp(now.UtcDateTime, code, out var step, new VerificationWindow(driftSteps, driftSteps)) ? step : null;
    }

    /// <summary>The code as typed, without the spaces people and apps put in the middle; null when it is not a code at all.</summary>
    public static string? Normalize(string? typed, int maxLength = 16)
    {
        if (typed is null || typed.Length > maxLength)
        {
            return null;
        }

        var digits = typed.Replace(" ", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal);
        return digits.Length > 0 && digits.All(char.IsAsciiDigit) ? digits : null;
    }

    /// <summary>The secret as authenticator apps take it: base32 without padding.</summary>
    public static string ToBase32(byte[] secret) => Base32Encoding.ToString(secret).TrimEnd('=');

    private static bool IsWellFormed(string code, int digits) => code.Length == digits && code.All(char.IsAsciiDigit);

    private static Totp Create(byte[] secret, TotpAlgorithm algorithm, int digits, int periodSeconds) => new(
        secret,
        step: periodSeconds,
        mode: algorithm switch
        {
            TotpAlgorithm.Sha256 => OtpHashMode.Sha256,
            TotpAlgorithm.Sha512 => OtpHashMode.Sha512,
            _ => OtpHashMode.Sha1,
        },
        totpSize: digits);
}
