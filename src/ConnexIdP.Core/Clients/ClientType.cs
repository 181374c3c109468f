namespace ConnexIdP.Core.Clients;

public enum ClientKind
{
    Confidential = 0,
    Public = 1,
}

public enum ConsentMode
{
    /// <summary>First-party apps: no consent page.</summary>
    Implicit = 0,

    /// <summary>A consent page whose answer is remembered as a permanent authorization.</summary>
    Explicit = 1,
}

/// <summary>How a confidential client proves itself at the token endpoint.</summary>
public enum ClientCredentialSource
{
    None = 0,
    GenerateSecret = 1,
    ProvidedSecret = 2,
    JsonWebKeySet = 3,
}
