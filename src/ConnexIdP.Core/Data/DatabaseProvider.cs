namespace ConnexIdP.Core.Data;

public enum DatabaseProvider
{
    Sqlite = 0,
    PostgreSql = 1,
    SqlServer = 2,
}
