using System.CommandLine;
using ConnexIdP.Cli.Hosting;
using ConnexIdP.Cli.Output;
using ConnexIdP.Core.Accounts;
using ConnexIdP.Core.SecondFactors;
using ConnexIdP.Core.SecondFactors.PushApproval;
using ConnexIdP.Core.Security;

namespace ConnexIdP.Cli.Users;

/// <summary>
/// <c>connexidp users mfa list|add-totp|remove|recovery-codes|require</c>: an account's second factors through Core's
/// <see cref="SecondFactorService"/>. An account that must have a factor (every administrator) never loses its last
/// one here: add the replacement with <c>add-totp</c> first.
/// </summary>
internal static class SecondFactorsCommand
{
    public static Command Create(CliContext cli) => new("mfa", "Second factors of an account: list, add a replacement authenticator, remove, recovery codes, requirement.")
    {
        List(cli),
        AddTotp(cli),
        Remove(cli),
        RecoveryCodes(cli),
        Require(cli),
    };

    private static Argument<string> Email() => new("email") { Description = "Email address of the account." };

    private static Command List(CliContext cli)
    {
        var email = Email();
        var command = new Command("list", "List an account's authenticator apps, security keys and passkeys, phones for push approval, and how many recovery codes it has left.") { email };
        cli.SetAction(command, async (session, parse, cancellationToken) =>
        {
            if (await FindAsync(session, parse.GetValue(email)!, cancellationToken) is not { } account)
            {
                return NoAccount(session);
            }

            var status = await session.Get<SecondFactorService>().StatusAsync(account, cancellationToken);
            var suspended = await session.Get<PushApprovals>().SuspendedUntilAsync(account.Id, cancellationToken);
            var view = new SecondFactorsView(
                account.Email,
                status.Required,
                [.. status.AuthenticatorApps.Select(AuthenticatorAppView.From)],
                [.. status.SecurityKeys.Select(SecurityKeyView.From)],
                [.. status.ApprovalDevices.Select(ApprovalPhoneView.From)],
                status.RecoveryCodesRemaining,
                suspended);
            return session.Output.Result(view, text =>
            {
                text.WriteLine($"{account.Email}: second factor {(status.Required ? "required" : "optional")}; {status.RecoveryCodesRemaining} recovery code(s) left.");
                foreach (var app in view.AuthenticatorApps)
                {
                    text.WriteLine($"  {app.Id}  {app.Name}  added {TextTable.Time(app.CreatedAt)}, last used {(app.LastUsedAt is { } used ? TextTable.Time(used) : "never")}");
                }

                foreach (var key in view.SecurityKeys)
                {
                    text.WriteLine($"  {key.Id}  {key.Name} ({(key.Passkey ? "passkey" : "security key")})  added {TextTable.Time(key.CreatedAt)}, last used {(key.LastUsedAt is { } used ? TextTable.Time(used) : "never")}");
                }

                foreach (var phone in view.Phones)
                {
                    text.WriteLine($"  {phone.Id}  {phone.Name} (phone for push approval)  added {TextTable.Time(phone.CreatedAt)}, last used {(phone.LastUsedAt is { } used ? TextTable.Time(used) : "never")}");
                }

                if (status.FactorCount == 0)
                {
                    text.WriteLine("  No second factor.");
                }

                if (suspended is { } until)
                {
                    text.WriteLine($"  Push approval suspended until {TextTable.Time(until)} ('connexidp users unlock {account.Email}' lifts it).");
                }
            });
        });
        return command;
    }

    private static Command AddTotp(CliContext cli)
    {
        var email = Email();
        var name = new Option<string>("--name") { Description = "Name of the new authenticator app.", DefaultValueFactory = _ => "Replacement" };
        var command = new Command(
            "add-totp",
            "Add an active authenticator app to an account (for a person who lost theirs) and print its secret and otpauth:// URI once; the account's first factor also gets recovery codes.")
        {
            email, name,
        };
        cli.SetAction(command, async (session, parse, cancellationToken) =>
        {
            if (await FindAsync(session, parse.GetValue(email)!, cancellationToken) is not { } account)
            {
                return NoAccount(session);
            }

            var result = await session.Get<SecondFactorService>().AddAuthenticatorForAccountAsync(account, parse.GetValue(name), CliContext.Actor, cancellationToken);
            if (!result.Succeeded)
            {
                return session.Output.Refuse(result.Message!);
            }

            var added = result.Enrollment!;
            var view = new AddedAuthenticatorView(account.Email, added.Id, added.Name, added.Secret, added.Uri, result.RecoveryCodes);
            return session.Output.Result(view, text =>
            {
                text.WriteLine($"Authenticator app '{added.Name}' ({added.Id}) added to {account.Email}. Hand these over securely; they are shown once:");
                text.WriteLine($"Secret (base32): {added.GroupedSecret}");
                text.WriteLine($"URI: {added.Uri}");
                if (result.RecoveryCodes is { } codes)
                {
                    text.WriteLine($"Recovery codes: {string.Join(' ', codes)}");
                }
            });
        });
        return command;
    }

    private static Command Remove(CliContext cli)
    {
        var email = Email();
        var id = new Argument<string>("id") { Description = "Id of the authenticator app, security key or phone (see 'users mfa list')." };
        var command = new Command("remove", "Remove an authenticator app, security key or phone of an account (never the last factor of an account that must have one).") { email, id };
        cli.SetAction(command, async (session, parse, cancellationToken) =>
        {
            if (await FindAsync(session, parse.GetValue(email)!, cancellationToken) is not { } account)
            {
                return NoAccount(session);
            }

            var factors = session.Get<SecondFactorService>();
            var actor = $"an administrator ({CliContext.Actor})";
            var result = await factors.RemoveAuthenticatorAsync(account, parse.GetValue(id), actor, SecurityEventContext.None, cancellationToken);
            if (result.Error == SecondFactorError.NotFound)
            {
                result = await factors.RemoveSecurityKeyAsync(account, parse.GetValue(id), actor, SecurityEventContext.None, cancellationToken);
            }

            if (result.Error == SecondFactorError.NotFound)
            {
                result = await factors.RemoveApprovalDeviceAsync(account, parse.GetValue(id), actor, SecurityEventContext.None, cancellationToken);
            }

            return result.Succeeded
                ? session.Output.Result(new { account.Email, Removed = parse.GetValue(id) }, text => text.WriteLine($"Second factor {parse.GetValue(id)} of {account.Email} removed."))
                : session.Output.Refuse(result.Error == SecondFactorError.LastRequiredFactor
                    ? result.Message + " (connexidp users mfa add-totp " + account.Email + ")"
                    : result.Message!);
        });
        return command;
    }

    private static Command RecoveryCodes(CliContext cli)
    {
        var email = Email();
        var command = new Command("recovery-codes", "Replace an account's recovery codes with a new set, printed once (the old set stops working).") { email };
        cli.SetAction(command, async (session, parse, cancellationToken) =>
        {
            if (await FindAsync(session, parse.GetValue(email)!, cancellationToken) is not { } account)
            {
                return NoAccount(session);
            }

            var result = await session.Get<SecondFactorService>().RenewRecoveryCodesAsync(account, $"an administrator ({CliContext.Actor})", SecurityEventContext.None, cancellationToken);
            if (!result.Succeeded)
            {
                return session.Output.Refuse(result.Message!);
            }

            return session.Output.Result(new RecoveryCodesView(account.Email, result.RecoveryCodes!), text =>
            {
                text.WriteLine($"New recovery codes for {account.Email} (shown once; the old ones no longer work):");
                text.WriteLine(string.Join(' ', result.RecoveryCodes!));
            });
        });
        return command;
    }

    private static Command Require(CliContext cli)
    {
        var email = Email();
        var off = new Option<bool>("--off") { Description = "No longer require it (administrators always must use one)." };
        var command = new Command("require", "Require an account to use a second factor: without one it is taken to enrollment at its next sign-in.") { email, off };
        cli.SetAction(command, async (session, parse, cancellationToken) =>
        {
            if (await FindAsync(session, parse.GetValue(email)!, cancellationToken) is not { } account)
            {
                return NoAccount(session);
            }

            var required = !parse.GetValue(off);
            await session.Get<SecondFactorService>().SetRequiredAsync(account, required, CliContext.Actor, cancellationToken);
            return session.Output.Result(new { account.Email, Required = required }, text => text.WriteLine(required
                ? $"{account.Email} must use a second factor."
                : account.IsAdmin ? $"{account.Email} is an administrator and still must use a second factor." : $"{account.Email} no longer must use a second factor."));
        });
        return command;
    }

    private static Task<Account?> FindAsync(CliSession session, string email, CancellationToken cancellationToken) =>
        session.Get<AccountService>().FindByEmailAsync(email, cancellationToken);

    private static int NoAccount(CliSession session) => session.Output.Refuse("No account has this email.");
}
