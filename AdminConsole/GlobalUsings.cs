global using AdminConsole.Core.Identity;
global using Microsoft.AspNetCore.Identity;
