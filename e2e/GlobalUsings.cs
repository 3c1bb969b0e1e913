global using AdminConsole.Tests.Infrastructure;
global using Microsoft.Playwright;
global using Xunit;
