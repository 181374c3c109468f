using System.CommandLine;
using ConnexIdP.Cli.Hosting;
using ConnexIdP.Cli.Output;
using ConnexIdP.Core.Clients;

namespace ConnexIdP.Cli.Clients;

/// <summary><c>connexidp clients add|list|remove</c>: relying parties and API clients through Core's <see cref="ClientService"/>.</summary>
internal static class ClientsCommand
{
    public static Command Create(CliContext cli) => new("clients", "Register, list and remove OIDC clients.")
    {
        Add(cli),
        List(cli),
        Remove(cli),
    };

    private static Command Add(CliContext cli)
    {
        var clientId = new Option<string>("--client-id") { Description = "The client_id.", Required = true };
        var type = new Option<string>("--type") { Description = "confidential (can keep a credential) or public (browser, mobile).", Required = true }
            .AcceptOnlyFromAmong("confidential", "public");
        var grants = new Option<string[]>("--grant") { Description = "A grant type (repeatable): authorization_code, refresh_token, client_credentials.", Required = true };
        var redirectUris = new Option<string[]>("--redirect-uri") { Description = "A redirect URI (repeatable); needed with authorization_code." };
        var postLogoutRedirectUris = new Option<string[]>("--post-logout-redirect-uri") { Description = "A post-logout redirect URI (repeatable)." };
        var scopes = new Option<string[]>("--scope") { Description = "A scope the client may ask for (repeatable)." };
        var consent = new Option<string>("--consent") { Description = "implicit (first-party: no consent page) or explicit (default).", DefaultValueFactory = _ => "explicit" }
            .AcceptOnlyFromAmong("implicit", "explicit");
        var generateSecret = new Option<bool>("--generate-secret") { Description = "Generate a 256-bit secret and print it once." };
        var secretStdin = new Option<bool>("--secret-stdin") { Description = "Read the secret (at least 32 characters) from standard input, one line." };
        var jwksFile = new Option<FileInfo>("--jwks-file") { Description = "A JSON Web Key Set of public keys for private_key_jwt." }.AcceptExistingOnly();
        var displayName = new Option<string?>("--display-name") { Description = "Name shown on the consent page." };
        var requirePar = new Option<bool>("--require-par") { Description = "Accept only pushed authorization requests (RFC 9126)." };
        var requireMfa = new Option<bool>("--require-mfa") { Description = "People signing in to this client must give a second factor." };
        var reuseLeeway = new Option<int>("--refresh-token-reuse-leeway") { Description = "Seconds during which a rotated refresh token may be presented again (0-300).", HelpName = "SECONDS" };

        var command = new Command("add", "Register a client.")
        {
            clientId, type, grants, redirectUris, postLogoutRedirectUris, scopes, consent,
            generateSecret, secretStdin, jwksFile, displayName, requirePar, requireMfa, reuseLeeway,
        };
        command.Validators.Add(result =>
        {
            if (new[] { result.GetValue(generateSecret), result.GetValue(secretStdin), result.GetResult(jwksFile) is not null }.Count(given => given) > 1)
            {
                result.AddError("Give at most one of --generate-secret, --secret-stdin and --jwks-file.");
            }
        });

        cli.SetAction(command, async (session, parse, cancellationToken) =>
        {
            var (source, value, problem) = await ReadCredentialAsync(session, parse.GetValue(generateSecret), parse.GetValue(secretStdin), parse.GetValue(jwksFile), cancellationToken);
            if (problem is not null)
            {
                return session.Output.Refuse(problem);
            }

            var registration = new ClientRegistration
            {
                ClientId = parse.GetValue(clientId)!,
                DisplayName = parse.GetValue(displayName),
                Kind = parse.GetValue(type) == "public" ? ClientKind.Public : ClientKind.Confidential,
                Grants = parse.GetValue(grants) ?? [],
                RedirectUris = parse.GetValue(redirectUris) ?? [],
                PostLogoutRedirectUris = parse.GetValue(postLogoutRedirectUris) ?? [],
                Scopes = parse.GetValue(scopes) ?? [],
                Consent = parse.GetValue(consent) == "implicit" ? ConsentMode.Implicit : ConsentMode.Explicit,
                Credential = source,
                CredentialValue = value,
                RequirePushedAuthorization = parse.GetValue(requirePar),
                RequireSecondFactor = parse.GetValue(requireMfa),
                RefreshTokenReuseLeeway = parse.GetResult(reuseLeeway) is null ? null : TimeSpan.FromSeconds(parse.GetValue(reuseLeeway)),
            };

            var result = await session.Get<ClientService>().AddAsync(registration, CliContext.Actor, cancellationToken);
            if (!result.Succeeded)
            {
                return session.Output.Refuse(result.Error!);
            }

            return session.Output.Result(new ClientAddedView(result.Id!, result.GeneratedSecret), text =>
            {
                text.WriteLine($"Client '{result.Id}' registered.");
                if (result.GeneratedSecret is not null)
                {
                    text.WriteLine($"Client secret: {result.GeneratedSecret}");
                    text.WriteLine("Store it now: it is kept only as a keyed hash and will not be shown again.");
                }
            });
        });
        return command;
    }

    private static async Task<(ClientCredentialSource Source, string? Value, string? Problem)> ReadCredentialAsync(
        CliSession session, bool generate, bool fromStdin, FileInfo? jwks, CancellationToken cancellationToken)
    {
        if (generate)
        {
            return (ClientCredentialSource.GenerateSecret, null, null);
        }

        if (fromStdin)
        {
            var secret = await session.ReadSecretLineAsync("Client secret: ", cancellationToken);
            return secret is null
                ? (ClientCredentialSource.ProvidedSecret, null, "No secret on standard input: give it as one line, or use --generate-secret.")
                : (ClientCredentialSource.ProvidedSecret, secret, null);
        }

        return jwks is null
            ? (ClientCredentialSource.None, null, null)
            : (ClientCredentialSource.JsonWebKeySet, await File.ReadAllTextAsync(jwks.FullName, cancellationToken), null);
    }

    private static Command List(CliContext cli)
    {
        var command = new Command("list", "List clients.");
        cli.SetAction(command, async (session, _, cancellationToken) =>
            session.Output.Table(await session.Get<ClientService>().ListAsync(cancellationToken), "No clients.",
                new("Client id", c => c.ClientId),
                new("Type", c => c.Type),
                new("Consent", c => c.Consent),
                new("Grants", c => TextTable.List(c.Grants)),
                new("Scopes", c => TextTable.List(c.Scopes)),
                new("Redirect URIs", c => TextTable.List(c.RedirectUris)),
                new("Name", c => c.DisplayName)));
        return command;
    }

    private static Command Remove(CliContext cli)
    {
        var clientId = new Argument<string>("client-id") { Description = "The client_id to remove." };
        var command = new Command("remove", "Remove a client.") { clientId };
        cli.SetAction(command, async (session, parse, cancellationToken) =>
        {
            var id = parse.GetValue(clientId)!;
            return await session.Get<ClientService>().RemoveAsync(id, CliContext.Actor, cancellationToken)
                ? session.Output.Result(new { ClientId = id, Removed = true }, text => text.WriteLine($"Client '{id}' removed."))
                : session.Output.Refuse($"No client has id '{id}'.");
        });
        return command;
    }
}
