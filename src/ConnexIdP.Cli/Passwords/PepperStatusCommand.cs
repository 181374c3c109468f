using System.CommandLine;
using ConnexIdP.Cli.Output;
using ConnexIdP.Core.Credentials;

namespace ConnexIdP.Cli.Passwords;

/// <summary>
/// <c>connexidp passwords pepper-status</c>: which peppers and Argon2 costs the stored credentials use against this
/// configuration (<see cref="PasswordHashCensus"/>), so an operator knows when a previous pepper or an old cost can go.
/// </summary>
internal static class PepperStatusCommand
{
    public static Command Create(CliContext cli)
    {
        var command = new Command("pepper-status",
            "Count stored password hashes by pepper id and Argon2 cost, and client secrets by pepper id, against the configuration.");
        cli.SetAction(command, async (session, _, cancellationToken) =>
        {
            var status = PepperStatusView.From(await session.Get<PasswordHashCensus>().TakeAsync(cancellationToken));
            return session.Output.Result(status, text => Write(text, status));
        });
        return command;
    }

    private static void Write(TextWriter text, PepperStatusView status)
    {
        text.WriteLine($"{Count(status.Accounts, "account")}: {status.WithoutPassword} without a password, {status.Unreadable} with an unreadable hash; "
            + $"{Count(status.RehashPending, "password hash", "password hashes")} to be rewritten at the next sign-in.");
        text.WriteLine();
        TextTable.Write(text, status.Peppers, [
            new("Pepper", p => p.Id),
            new("Role", p => p.Role == PepperRole.NotConfigured ? "not configured" : p.Role.ToString().ToLowerInvariant()),
            new("Accounts", p => p.Accounts.ToString()),
            new("Client secrets", p => p.ClientSecrets.ToString()),
        ]);
        text.WriteLine();
        TextTable.Write(text, status.Argon2, [
            new("Argon2", a => a.Parameters),
            new("Standing", a => a.Standing switch
            {
                Argon2Standing.Weaker => "weaker: rewritten at sign-in",
                Argon2Standing.Stronger => "stronger: kept",
                _ => "current",
            }),
            new("Accounts", a => a.Accounts.ToString()),
        ]);

        var current = status.Peppers.Single(p => p.Role == PepperRole.Current).Id;
        foreach (var pepper in status.Peppers.Where(p => p.Role != PepperRole.Current))
        {
            var users = $"{Count(pepper.Accounts, "account")} and {Count(pepper.ClientSecrets, "client secret")}";
            text.WriteLine();
            text.WriteLine(pepper switch
            {
                { CanBeRetired: true } =>
                    $"Pepper '{pepper.Id}' is no longer used: it can be removed from Passwords:PreviousPeppers.",
                { Role: PepperRole.Previous } =>
                    $"Pepper '{pepper.Id}' is still used by {users}; each moves to '{current}' at its next sign-in or client authentication. "
                    + "Removing it locks those out until it is configured again or their credentials are reset.",
                _ =>
                    $"Pepper '{pepper.Id}' is not configured: {users} cannot be verified until it is configured again under "
                    + "Passwords:PreviousPeppers, or those passwords and client secrets are reset.",
            });
        }
    }

    private static string Count(long count, string one, string? many = null) => $"{count} {(count == 1 ? one : many ?? one + "s")}";
}
