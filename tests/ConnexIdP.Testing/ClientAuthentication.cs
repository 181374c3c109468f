namespace ConnexIdP.Testing;

/// <summary>How <see cref="OAuthClient"/> proves the client's identity at the server's back-channel endpoints.</summary>
public enum ClientAuthentication
{
    /// <summary>Only <c>client_id</c> in the form (a public client, or a test of a missing credential).</summary>
    None,

    /// <summary>HTTP Basic with the form-encoded id and secret (RFC 6749 §2.3.1).</summary>
    SecretBasic,

    /// <summary><c>client_id</c> and <c>client_secret</c> in the form body.</summary>
    SecretPost,

    /// <summary>A signed JWT in <c>client_assertion</c> (RFC 7523), made fresh for each request.</summary>
    PrivateKeyJwt,
}
