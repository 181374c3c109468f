namespace ConnexIdP.Core.SecondFactors;

/// <summary>RFC 8176 authentication method reference values (<c>amr</c>) the product issues.</summary>
public static class AuthenticationMethods
{
    public const string Password = "pwd";

    /// <summary>A one-time password: an authenticator app's code or a recovery code.</summary>
    public const string OneTimePassword = "otp";

    public const string MultipleFactors = "mfa";
}
