using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using ConnexIdP.Core.Passwords;

namespace ConnexIdP.Tests.Passwords;

/// <summary>Known passwords are refused whatever their case or Unicode form: the shipped list, and an operator's compiled file beside it.</summary>
public sealed class PasswordBlocklistTests : IDisposable
{
    private static readonly PasswordPolicy Shipped = TestPolicy.Create();

    private readonly string _directory = Directory.CreateTempSubdirectory("connexidp-blocklist-").FullName;

    [Theory]
    [InlineData("password1")]
    [InlineData("Password1")]
    [InlineData("PASSWORD1")]
    [InlineData("sunshine")]
    [InlineData("qwertyuiop")]
    public void Common_passwords_from_the_shipped_list_are_refused_whatever_their_case(string password)
    {
        var result = Shipped.Check(password, TestPolicy.Person());
        Assert.Equal(PasswordRefusal.Blocklisted, result.Refusal);
        Assert.Equal("This password appears in a list of commonly used or breached passwords.", result.Message);
        Assert.True(Shipped.IsKnownPassword(password));
    }

    [Theory]
    [InlineData("electricity")]
    [InlineData("Vegetables")]
    [InlineData("Jennifer")]
    public void A_dictionary_word_or_name_long_enough_to_pass_the_length_rule_is_refused(string password)
    {
        Assert.Equal(PasswordRefusal.Blocklisted, Shipped.Check(password, TestPolicy.Person()).Refusal);
    }

    [Theory]
    [InlineData("Monkey1984!")]
    [InlineData("2024!Summer")]
    [InlineData("electricity#1")]
    public void A_listed_word_with_only_a_few_digits_or_symbols_added_is_refused(string password)
    {
        var result = Shipped.Check(password, TestPolicy.Person());
        Assert.Equal(PasswordRefusal.Blocklisted, result.Refusal);
        Assert.Equal("This password is a commonly used password or word with only a few digits or symbols added.", result.Message);
        Assert.False(Shipped.IsKnownPassword(password));
    }

    [Fact]
    public void A_listed_word_with_enough_added_to_meet_the_minimum_on_its_own_is_accepted()
    {
        // "monkey" is listed; the ten characters around it meet the minimum by themselves.
        Assert.True(Shipped.Check("Monkey 7#4!9%2(8", TestPolicy.Person()).IsAccepted);
    }

    [Fact]
    public async Task An_operator_compiled_list_is_consulted_besides_the_shipped_one()
    {
        var path = await CompileAsync("Globex-Winter-2026\nhunter2hunter2\n");
        using var blocklist = TestPolicy.Blocklist(path);
        var policy = TestPolicy.Create(blocklist: blocklist);

        Assert.Equal(PasswordRefusal.Blocklisted, policy.Check("globex-WINTER-2026", TestPolicy.Person()).Refusal);
        Assert.True(policy.IsKnownPassword("Globex-Winter-2026"));
        Assert.Equal(PasswordRefusal.Blocklisted, policy.Check("password1", TestPolicy.Person()).Refusal);
        Assert.True(policy.Check("Globex-Summer-2026", TestPolicy.Person()).IsAccepted);
        Assert.False(Shipped.IsKnownPassword("Globex-Winter-2026"));
    }

    [Fact]
    public async Task Composed_and_decomposed_forms_get_the_same_blocklist_answer()
    {
        // The list holds the decomposed form, the lookups use both.
        var path = await CompileAsync("cre\u0300me bru\u0302le\u0301e\n");
        using var blocklist = TestPolicy.Blocklist(path);
        var policy = TestPolicy.Create(blocklist: blocklist);

        Assert.True(policy.IsKnownPassword("Cr\u00e8me Br\u00fbl\u00e9e"));
        Assert.True(policy.IsKnownPassword("cre\u0300me bru\u0302le\u0301e"));
        Assert.Equal(PasswordRefusal.Blocklisted, policy.Check("CR\u00c8ME BR\u00dbL\u00c9E", TestPolicy.Person()).Refusal);
    }

    [Fact]
    public async Task The_compiler_counts_case_and_normalisation_variants_once_and_skips_blank_lines()
    {
        var result = await BlocklistCompiler.CompileAsync(new StringReader("Hunter2\nhunter2\n\nHUNTER2\ncaf\u00e9\ncafe\u0301\n"), Path.Combine(_directory, "list.bin"), CancellationToken.None);
        Assert.Equal((6L, 1L, 2L), (result.Lines, result.Skipped, result.Entries));
        Assert.Equal(24 + (2 * 8), new FileInfo(result.Output).Length);
    }

    [Fact]
    public async Task A_list_larger_than_one_sorting_chunk_is_merged_into_one_file()
    {
        var lines = Enumerable.Range(0, 1000).Select(i => $"leaked-{i % 700}").ToList();
        var output = Path.Combine(_directory, "merged.bin");
        var result = await BlocklistCompiler.CompileAsync(new StringReader(string.Join('\n', lines)), output, chunkEntries: 64, CancellationToken.None);

        Assert.Equal(700, result.Entries);
        using var file = BlocklistFile.Open(output);
        Assert.Equal(700, file.Count);
        Assert.All(Enumerable.Range(0, 700), i => Assert.True(file.Contains(PasswordFingerprint.Of($"LEAKED-{i}")!.Value)));
        Assert.False(file.Contains(PasswordFingerprint.Of("leaked-700")!.Value));
        Assert.Equal([output], Directory.GetFiles(_directory));
    }

    [Fact]
    public async Task The_file_holds_the_first_64_bits_of_the_SHA256_of_the_lower_cased_password()
    {
        var file = await File.ReadAllBytesAsync(await CompileAsync("Password1\n"));
        Assert.Equal("CONNEXBL"u8.ToArray(), file[..8]);
        Assert.Equal(1L, BinaryPrimitives.ReadInt64LittleEndian(file.AsSpan(16)));
        var expected = BinaryPrimitives.ReadUInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes("password1")));
        Assert.Equal(expected, BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(24)));
    }

    [Fact]
    public async Task Rebuilding_a_list_in_use_leaves_the_open_one_readable()
    {
        var path = await CompileAsync("first-list-entry\n");
        using var open = BlocklistFile.Open(path);
        await CompileAsync("second-list-entry\n");

        Assert.True(open.Contains(PasswordFingerprint.Of("first-list-entry")!.Value));
        using var reopened = BlocklistFile.Open(path);
        Assert.True(reopened.Contains(PasswordFingerprint.Of("second-list-entry")!.Value));
        Assert.False(reopened.Contains(PasswordFingerprint.Of("first-list-entry")!.Value));
    }

    [Fact]
    public async Task A_damaged_or_foreign_file_is_refused_with_the_reason()
    {
        var path = await CompileAsync("one\ntwo\nthree\n");
        var truncated = Path.Combine(_directory, "truncated.bin");
        File.WriteAllBytes(truncated, File.ReadAllBytes(path)[..^3]);
        Assert.Contains("is damaged", BlocklistFile.Inspect(truncated), StringComparison.Ordinal);

        var unsorted = Path.Combine(_directory, "unsorted.bin");
        var bytes = File.ReadAllBytes(path);
        bytes.AsSpan(24, 8).CopyTo(bytes.AsSpan(40, 8));
        File.WriteAllBytes(unsorted, bytes);
        Assert.Contains("not in ascending order", Assert.Throws<InvalidDataException>(() => BlocklistFile.Open(unsorted)).Message, StringComparison.Ordinal);

        var text = Path.Combine(_directory, "list.txt");
        File.WriteAllText(text, "password\nletmein\n");
        Assert.Contains("is not a compiled ConnexIdP blocklist", BlocklistFile.Inspect(text), StringComparison.Ordinal);
        Assert.Contains("does not exist", BlocklistFile.Inspect(Path.Combine(_directory, "missing.bin")), StringComparison.Ordinal);
    }

    private async Task<string> CompileAsync(string list)
    {
        var output = Path.Combine(_directory, "operator.bin");
        await BlocklistCompiler.CompileAsync(new StringReader(list), output, CancellationToken.None);
        return output;
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
