using ConnexIdP.Server.Hosting;

var app = ConnexServerApp.Build(args);
await app.PrepareConnexAsync();
await app.RunAsync();
