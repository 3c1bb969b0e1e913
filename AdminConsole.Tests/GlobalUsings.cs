global using System.Net;
global using System.Net.Http.Json;
global using AdminConsole.Core.Identity;
global using AdminConsole.Tests.Infrastructure;
global using Microsoft.AspNetCore.Identity;
global using Microsoft.EntityFrameworkCore;
global using Microsoft.Extensions.DependencyInjection;
global using Xunit;
