namespace ConnexIdP.Core.SecondFactors;

/// <summary>What a person presents after the password. No SMS, voice or security questions: they are not offered.</summary>
public enum SecondFactorKind
{
    /// <summary>A code from an authenticator app.</summary>
    AuthenticatorApp,

    /// <summary>One of the account's single-use recovery codes.</summary>
    RecoveryCode,
}
