namespace ConnexIdP.Core.Credentials;

/// <summary>How stored Argon2id costs compare with today's configuration.</summary>
public enum Argon2Standing
{
    /// <summary>Exactly today's costs.</summary>
    Current,

    /// <summary>Below today's in some cost: rewritten at the next sign-in.</summary>
    Weaker,

    /// <summary>At least today's in every cost and above in one: kept as they are.</summary>
    Stronger,
}
