namespace ConnexIdP.Core.Passwords;

/// <summary>What the policy needs to know about the account a password is for.</summary>
/// <param name="Email">The account's email; its parts become context words. Null when there is no account yet to speak of.</param>
/// <param name="Origin">Who sets the password.</param>
/// <param name="HasSecondFactor">Whether the account has a second factor enrolled (lowers the minimum under <see cref="PasswordPolicyProfile.Rev4"/>).</param>
public sealed record PasswordContext(string? Email, PasswordOrigin Origin = PasswordOrigin.Person, bool HasSecondFactor = false);
