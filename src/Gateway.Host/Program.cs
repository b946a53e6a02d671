// Composition root: replaced by the foundation work (issue 2).
var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
await app.RunAsync();
