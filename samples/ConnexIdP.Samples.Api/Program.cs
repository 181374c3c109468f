using ConnexIdP.Samples.Api;

var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args).Build();
var app = ApiApp.Build(
    new Uri(configuration["ConnexIdP:Authority"] ?? "https://localhost:5001/"),
    configuration["Api:Audience"] ?? "api1",
    configuration["Api:Scope"] ?? "api1",
    args: args);
await app.RunAsync();
