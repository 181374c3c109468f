namespace ConnexIdP.Testing;

/// <summary>Which real database a test server runs on.</summary>
public enum TestDatabase
{
    Sqlite,
    PostgreSql,
}
