using ConnexIdP.Core.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace ConnexIdP.Cli.Hosting;

/// <summary>
/// The server's configuration and Core services without HTTP: <c>appsettings.json</c> and <c>appsettings.{Environment}.json</c>
/// (linked from the server project) beside the binary, then environment variables. Command-line arguments are the CLI's
/// own and never become configuration. Relative data and key paths resolve against the working directory, as in the server.
/// </summary>
internal static class CliHost
{
    public static IHost Build()
    {
        // A command lives for a moment: no file watchers on appsettings (each costs an inotify instance).
        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection([new("hostBuilder:reloadConfigOnChange", "false")]);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = [],
            Configuration = configuration,
            ContentRootPath = AppContext.BaseDirectory,

            // The server's deployments may name their environment the ASP.NET Core way only; the CLI must pick the same file.
            EnvironmentName = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT"),
        });

        // Standard output belongs to the command's result (and --json); logs are warnings and errors only, on standard error,
        // whatever the server's Logging section asks for.
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(console => console.SingleLine = true);
        builder.Services.Configure<ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.PostConfigure<LoggerFilterOptions>(filter =>
        {
            filter.Rules.Clear();
            filter.MinLevel = LogLevel.Warning;
        });

        ConnexCoreServiceCollectionExtensions.PrepareDevelopmentSecrets(builder.Configuration, builder.Environment);
        builder.Services.AddConnexCore(builder.Configuration, builder.Environment);
        return builder.Build();
    }
}
