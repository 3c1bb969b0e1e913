global using AdminConsole.Core.Identity;
global using Microsoft.AspNetCore.Identity;
global using AdminConsole.Core.SignIn;
