using System.CommandLine;
using ConnexIdP.Cli.Output;
using ConnexIdP.Cli.Hosting;
using ConnexIdP.Core.Accounts;
using ConnexIdP.Core.Passwords;
using ConnexIdP.Core.Security;

namespace ConnexIdP.Cli.Users;

/// <summary><c>connexidp users add|list|disable|sign-out|reset-password|lockout|unlock|mfa</c>: accounts through Core's <see cref="AccountService"/>.</summary>
internal static class UsersCommand
{
    public static Command Create(CliContext cli) => new("users", "Create, list, disable and unlock accounts.")
    {
        Add(cli),
        List(cli),
        Disable(cli),
        SignOut(cli),
        ResetPassword(cli),
        Lockout(cli),
        Unlock(cli),
        SecondFactorsCommand.Create(cli),
    };

    private static Command Add(CliContext cli)
    {
        var email = new Option<string>("--email") { Description = "Email address; it is the sign-in name.", Required = true };
        var name = new Option<string?>("--name") { Description = "Display name." };
        var admin = new Option<bool>("--admin") { Description = "Make the account an administrator." };
        var passwordStdin = new Option<bool>("--password-stdin")
        {
            Description = "Read the password from standard input (one line). Passwords are never taken as arguments.",
        };
        var generatePassword = new Option<bool>("--generate-password")
        {
            Description = "Generate a random initial password, print it once, and make the person choose their own at the first sign-in.",
        };
        var command = new Command("add", "Create an account.") { email, name, admin, passwordStdin, generatePassword };

        // Flags have a default (false): which one was given is checked here.
        command.Validators.Add(result =>
        {
            if ((result.GetResult(passwordStdin) is null) == (result.GetResult(generatePassword) is null))
            {
                result.AddError("Give exactly one of '--password-stdin' (the password is read from standard input, never from the command line) and '--generate-password'.");
            }
        });
        cli.SetAction(command, async (session, parse, cancellationToken) =>
        {
            var generated = parse.GetValue(generatePassword);
            var password = generated ? session.Get<PasswordGenerator>().Generate(parse.GetValue(email)) : await session.ReadSecretLineAsync("Password: ", cancellationToken);
            if (password is null)
            {
                return session.Output.Refuse("No password on standard input: give it as one line, for example printf '%s' \"$PASSWORD\" | connexidp users add --email ... --password-stdin.");
            }

            var result = await session.Get<AccountService>().CreateAsync(
                new NewAccount(parse.GetValue(email)!, parse.GetValue(name), password, parse.GetValue(admin))
                {
                    Origin = generated ? PasswordOrigin.System : PasswordOrigin.Person,
                    PasswordChangeRequired = generated ? PasswordChangeReason.Initial : null,
                },
                CliContext.Actor,
                cancellationToken);
            if (!result.Succeeded)
            {
                return session.Output.Refuse(result.Message!);
            }

            var user = UserView.From(result.Account!);
            var created = $"Account {user.Email} created (id {user.Id}{(user.IsAdmin ? ", administrator" : string.Empty)}).";
            return generated
                ? GeneratedPassword(session, user, password, created)
                : session.Output.Result(user, text => text.WriteLine(created));
        });
        return command;
    }

    private static Command ResetPassword(CliContext cli)
    {
        var email = new Argument<string>("email") { Description = "Email address of the account." };
        var command = new Command(
            "reset-password",
            "Give an account a generated password (printed once) that must be changed at the next sign-in; ends its sessions and revokes its tokens.")
        {
            email,
        };
        cli.SetAction(command, async (session, parse, cancellationToken) =>
        {
            var (result, password) = await session.Get<AccountCredentialService>().SetGeneratedPasswordAsync(parse.GetValue(email)!, CliContext.Actor, cancellationToken);
            if (!result.Succeeded)
            {
                return session.Output.Refuse(result.Message!);
            }

            var user = UserView.From(result.Account!);
            return GeneratedPassword(session, user, password!, $"Account {user.Email}: sessions ended, tokens revoked.");
        });
        return command;
    }

    private static int GeneratedPassword(CliSession session, UserView user, string password, string summary) =>
        session.Output.Result(new GeneratedPasswordView(user, password), text =>
        {
            text.WriteLine(summary);
            text.WriteLine($"Initial password (shown once; it must be changed at the first sign-in): {password}");
        });

    private static Command List(CliContext cli)
    {
        var command = new Command("list", "List accounts.");
        cli.SetAction(command, async (session, _, cancellationToken) =>
        {
            var users = (await session.Get<AccountService>().ListAsync(cancellationToken)).Select(UserView.From).ToList();
            return session.Output.Table(users, "No accounts.",
                new("Email", u => u.Email),
                new("Name", u => u.DisplayName),
                new("Status", u => u.Status.ToString().ToLowerInvariant()),
                new("Admin", u => u.IsAdmin ? "yes" : "no"),
                new("Created", u => TextTable.Time(u.CreatedAt)),
                new("Id", u => u.Id));
        });
        return command;
    }

    private static Command Lockout(CliContext cli)
    {
        var email = new Argument<string>("email") { Description = "Email address (whether or not an account has it)." };
        var command = new Command("lockout", "Show the password backoff and lockout state of an email.") { email };
        cli.SetAction(command, async (session, parse, cancellationToken) =>
        {
            var state = await session.Get<AccountService>().GetPasswordLockoutAsync(parse.GetValue(email)!, cancellationToken);
            if (state is null)
            {
                return session.Output.Refuse("The email address is not valid.");
            }

            var view = LockoutView.From(state);
            return session.Output.Result(view, text => text.WriteLine(view.Describe()));
        });
        return command;
    }

    private static Command Unlock(CliContext cli)
    {
        var email = new Argument<string>("email") { Description = "Email address whose sign-in failures are forgotten." };
        var command = new Command(
            "unlock",
            "Forget the consecutive password failures of an email (from anywhere and from its known devices): lifts a backoff or lockout, including the one at 100 failures.")
        {
            email,
        };
        cli.SetAction(command, async (session, parse, cancellationToken) =>
        {
            var given = parse.GetValue(email)!;
            var (result, cleared) = await session.Get<AccountService>().UnlockAsync(given, CliContext.Actor, SecurityEventContext.None, cancellationToken);
            if (!result.Succeeded && cleared == 0)
            {
                return session.Output.Refuse(result.Message!);
            }

            var view = new UnlockView(given, result.Account?.Id, cleared);
            return session.Output.Result(view, text => text.WriteLine(result.Succeeded
                ? $"Account {result.Account!.Email} unlocked ({cleared} failure counter(s) cleared)."
                : $"No account has {given}; its failure counter was cleared."));
        });
        return command;
    }

    private static Command Disable(CliContext cli)
    {
        var email = new Argument<string>("email") { Description = "Email address of the account." };
        var command = new Command("disable", "Disable an account and end its sessions.") { email };
        cli.SetAction(command, async (session, parse, cancellationToken) =>
        {
            var result = await session.Get<AccountService>().DisableAsync(parse.GetValue(email)!, CliContext.Actor, cancellationToken);
            if (!result.Succeeded)
            {
                return session.Output.Refuse(result.Message!);
            }

            var user = UserView.From(result.Account!);
            return session.Output.Result(user, text => text.WriteLine($"Account {user.Email} disabled."));
        });
        return command;
    }

    private static Command SignOut(CliContext cli)
    {
        var email = new Argument<string>("email") { Description = "Email address of the account." };
        var command = new Command("sign-out", "Sign an account out everywhere: end its sessions and revoke every token issued to it.") { email };
        cli.SetAction(command, async (session, parse, cancellationToken) =>
        {
            var result = await session.Get<AccountCredentialService>().EndSessionsAsync(parse.GetValue(email)!, CliContext.Actor, SecurityEventContext.None, cancellationToken);
            if (!result.Succeeded)
            {
                return session.Output.Refuse(result.Message!);
            }

            var user = UserView.From(result.Account!);
            return session.Output.Result(user, text => text.WriteLine($"Account {user.Email} signed out everywhere: its sessions ended and its tokens were revoked."));
        });
        return command;
    }
}
