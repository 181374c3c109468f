namespace ConnexIdP.Cli;

/// <summary>The CLI's exit codes: part of its public interface, relied upon by scripts.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The operation was refused: duplicate, not found, a rule of Core, or configuration that stops start-up.</summary>
    public const int Refused = 1;

    /// <summary>The command line itself is wrong (unknown option, missing value, conflicting options).</summary>
    public const int Usage = 2;
}
