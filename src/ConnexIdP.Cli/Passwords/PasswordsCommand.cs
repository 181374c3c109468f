using System.CommandLine;
using System.Text;
using ConnexIdP.Core.Passwords;

namespace ConnexIdP.Cli.Passwords;

/// <summary>
/// <c>connexidp passwords blocklist build|check|pepper-status</c>: the password policy (<see cref="PasswordPolicy"/>), its
/// blocklist, and how stored passwords are hashed.
/// </summary>
internal static class PasswordsCommand
{
    public static Command Create(CliContext cli) => new("passwords", "Password policy, the blocklist of known passwords, and how stored passwords are hashed.")
    {
        Blocklist(cli),
        Check(cli),
        PepperStatusCommand.Create(cli),
    };

    private static Command Blocklist(CliContext cli) => new("blocklist", "Compile lists of known passwords for Passwords:Blocklist:Path.")
    {
        Build(cli),
    };

    private static Command Build(CliContext cli)
    {
        var input = new Option<FileInfo>("--input")
        {
            Description = "The plain list: UTF-8, one password per line, any size. Blank lines are skipped; case and Unicode normalisation do not matter.",
            Required = true,
        }.AcceptExistingOnly();
        var output = new Option<FileInfo>("--output")
        {
            Description = "The compiled file to write. An existing file is replaced by a rename, so a running server keeps reading the old one until it restarts.",
            Required = true,
        };
        var command = new Command("build", "Compile a plain list of passwords into a blocklist file (sorted 64-bit SHA-256 fingerprints, 8 bytes an entry).")
        {
            input, output,
        };

        // Works on files alone: a build machine needs neither the server's configuration nor its pepper.
        cli.SetOfflineAction(command, async (result, parse, cancellationToken) =>
        {
            using var reader = new StreamReader(parse.GetValue(input)!.FullName, Encoding.UTF8, detectEncodingFromByteOrderMarks: true,
                new FileStreamOptions { BufferSize = 1 << 20, Options = FileOptions.SequentialScan });
            var built = BlocklistBuiltView.From(await BlocklistCompiler.CompileAsync(reader, parse.GetValue(output)!.FullName, cancellationToken));
            return result.Result(built, text =>
            {
                text.WriteLine($"Blocklist {built.Output} written: {built.Entries} distinct entries from {built.Lines} lines ({built.Skipped} blank or unreadable), {built.Bytes} bytes.");
                text.WriteLine("Point Passwords:Blocklist:Path at it and restart the server; the shipped list stays in use beside it.");
            });
        });
        return command;
    }

    private static Command Check(CliContext cli)
    {
        var passwordStdin = new Option<bool>("--password-stdin")
        {
            Description = "Read the password from standard input (one line). Passwords are never taken as arguments.",
            Required = true,
        };
        var email = new Option<string?>("--email") { Description = "Email of the account the password is for: its parts count as context words." };
        var generated = new Option<bool>("--generated") { Description = "Check it as a password the system generated (6 characters suffice under the Standard profile)." };
        var secondFactor = new Option<bool>("--second-factor") { Description = "The account has a second factor (8 characters suffice under the Rev4 profile)." };
        var command = new Command("check", "Check a password against the configured policy and blocklists, as the server would; exits 1 when it is refused.")
        {
            passwordStdin, email, generated, secondFactor,
        };

        // A flag has a default (false), so Required only shows in the help; its absence is caught here.
        command.Validators.Add(result =>
        {
            if (result.GetResult(passwordStdin) is null)
            {
                result.AddError("Option '--password-stdin' is required: the password is read from standard input, never from the command line.");
            }
        });
        cli.SetAction(command, async (session, parse, cancellationToken) =>
        {
            var password = await session.ReadSecretLineAsync("Password: ", cancellationToken);
            if (password is null)
            {
                return session.Output.Refuse("No password on standard input: give it as one line, for example printf '%s' \"$PASSWORD\" | connexidp passwords check --password-stdin.");
            }

            var policy = session.Get<PasswordPolicy>();
            var context = new PasswordContext(parse.GetValue(email), parse.GetValue(generated) ? PasswordOrigin.System : PasswordOrigin.Person, parse.GetValue(secondFactor));
            var verdict = policy.Check(password, context);
            var view = new PasswordCheckView(verdict.IsAccepted, verdict.Refusal, verdict.Message, policy.Profile, policy.MinimumLength(context), policy.MaximumLength);

            // The verdict is the result either way, so it goes to standard output; the exit code tells scripts which.
            session.Output.Result(view, text => text.WriteLine(view.Accepted
                ? $"Accepted under the {view.Profile} profile ({view.MinimumLength} to {view.MaximumLength} characters here)."
                : $"Refused ({view.Refusal}): {view.Message}"));
            return view.Accepted ? ExitCodes.Ok : ExitCodes.Refused;
        }, requiresMigratedDatabase: false);
        return command;
    }
}
