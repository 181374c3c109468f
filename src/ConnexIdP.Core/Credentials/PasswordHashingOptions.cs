using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace ConnexIdP.Core.Credentials;

/// <summary>Configuration section <c>Passwords</c>: Argon2id cost and where the peppers come from.</summary>
public sealed class PasswordHashingOptions
{
    public const string Section = "Passwords";

    /// <summary>OWASP's floor for Argon2id memory (19 MiB); only the Testing environment may go below it.</summary>
    public const int MinimumProductionMemoryKiB = 19 * 1024;

    [ValidateObjectMembers]
    public Argon2Section Argon2 { get; set; } = new();

    /// <summary>The current pepper: every new hash is made under it.</summary>
    public PepperSection Pepper { get; set; } = new() { Id = "1" };

    /// <summary>
    /// Peppers that were current before, each with the id it had then. They only verify: a hash made under one of them
    /// is rewritten under <see cref="Pepper"/> at the account's next sign-in. Read and checked by <see cref="ConfiguredPeppers"/>.
    /// </summary>
    public List<PepperSection> PreviousPeppers { get; set; } = [];

    public sealed class Argon2Section
    {
        [Range(8, 4 * 1024 * 1024, ErrorMessage = "Passwords:Argon2:MemoryKiB must be between {1} and {2}.")]
        public int MemoryKiB { get; set; } = 64 * 1024;

        [Range(1, 100, ErrorMessage = "Passwords:Argon2:Iterations must be between {1} and {2}.")]
        public int Iterations { get; set; } = 3;

        [Range(1, 64, ErrorMessage = "Passwords:Argon2:Parallelism must be between {1} and {2}.")]
        public int Parallelism { get; set; } = 1;

        public Argon2Parameters ToParameters() => new(MemoryKiB, Iterations, Parallelism);
    }

    public sealed class PepperSection
    {
        /// <summary>
        /// Identifier stored in every hash, so a later pepper can be introduced without breaking old hashes:
        /// 1 to 32 letters, digits, '-' or '_'. The current pepper's defaults to <c>1</c>; a previous pepper must name its own.
        /// </summary>
        public string? Id { get; set; }

        /// <summary>File holding the pepper as base64 (at least 32 bytes once decoded).</summary>
        public string? File { get; set; }

        /// <summary>The pepper itself as base64, typically from the environment variable <c>Passwords__Pepper__Value</c>.</summary>
        public string? Value { get; set; }
    }
}
