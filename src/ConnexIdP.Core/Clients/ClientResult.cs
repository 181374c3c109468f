namespace ConnexIdP.Core.Clients;

/// <summary>Outcome of a client or scope change; <see cref="GeneratedSecret"/> is shown once and never stored in clear.</summary>
public sealed record ClientResult(bool Succeeded, string? Id, string? GeneratedSecret, string? Error)
{
    public static ClientResult Ok(string id, string? generatedSecret) => new(true, id, generatedSecret, null);

    public static ClientResult Fail(string error) => new(false, null, null, error);
}
