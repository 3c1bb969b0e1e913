using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;

namespace AdminConsole.Tests.Integration;

/// <summary>
/// <c>DataProtection:CertificatePath</c> and <c>:CertificatePassword</c> encrypt the key ring stored in the database,
/// with settings only: the stored key XML holds no key material in the clear, and a second host on the same
/// database (a restart) reads the ring back with the same certificate.
/// </summary>
public sealed class KeyRingEncryptionTests : IAsyncLifetime
{
    private const string Password = "pfx passphrase for the test";

    private readonly string folder = Directory.CreateTempSubdirectory("adminconsole-keyring-cert-").FullName;

    private string CertificatePath => Path.Combine(folder, "keyring.pfx");

    private sealed class Host : AppFactory
    {
        public Host(string database, string certificate, string? password)
            : base(database)
        {
            Settings["DataProtection:CertificatePath"] = certificate;
            if (password is not null)
            {
                Settings["DataProtection:CertificatePassword"] = password;
            }
        }
    }

    public ValueTask InitializeAsync()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=AdminConsole key ring", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        File.WriteAllBytes(CertificatePath, certificate.Export(X509ContentType.Pfx, Password));
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task The_stored_keys_are_encrypted_with_the_certificate_and_a_restart_reads_them_back()
    {
        var database = Path.Combine(folder, "keyring.db");
        string protectedText;
        await using (var first = new Host(database, CertificatePath, Password) { KeepDatabase = true })
        {
            protectedText = first.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("secret payload");
            var stored = await first.WithDbAsync(db => db.DataProtectionKeys.Select(k => k.Xml!).ToListAsync(TestContext.Current.CancellationToken));

            var xml = Assert.Single(stored);
            Assert.Contains("<encryptedSecret", xml);
            Assert.Contains("EncryptedXmlDecryptor", xml);
            Assert.Contains("<X509Certificate>", xml);
            Assert.DoesNotContain("<masterKey", xml);
        }

        await using var restarted = new Host(database, CertificatePath, Password);
        var unprotected = restarted.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(protectedText);

        Assert.Equal("secret payload", unprotected);
    }

    [Fact]
    public async Task Without_a_certificate_setting_the_keys_are_stored_as_before()
    {
        await using var app = new AppFactory();
        app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("payload");

        var xml = Assert.Single(await app.WithDbAsync(db => db.DataProtectionKeys.Select(k => k.Xml!).ToListAsync(TestContext.Current.CancellationToken)));

        Assert.Contains("<masterKey", xml);
    }

    [Fact]
    public async Task A_wrong_certificate_password_stops_the_start_naming_the_key()
    {
        await using var app = new Host(Path.Combine(folder, "wrong.db"), CertificatePath, "not the password");

        var error = Assert.ThrowsAny<Exception>(() => app.Server);

        Assert.Contains("DataProtection:CertificatePath", error.ToString());
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(folder, recursive: true);
        return ValueTask.CompletedTask;
    }
}
