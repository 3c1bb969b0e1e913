using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;

namespace AdminConsole.Core.Data;

/// <summary>Applies <see cref="KeyRingOptions"/> to the data-protection builder: settings only, no code change per deployment.</summary>
public static class KeyRingProtection
{
    /// <summary>
    /// Encrypts new keys with the configured certificate (<c>ProtectKeysWithCertificate</c>) and lets the ring be read
    /// with it and with the previous ones. A configured file that cannot be read stops the start with its key named:
    /// storing keys unencrypted when encryption was asked for would fail open.
    /// </summary>
    public static IDataProtectionBuilder ProtectKeysAtRest(this IDataProtectionBuilder builder, IConfiguration configuration)
    {
        var options = configuration.GetSection(KeyRingOptions.Section).Get<KeyRingOptions>() ?? new KeyRingOptions();
        if (!string.IsNullOrWhiteSpace(options.CertificatePath) && !string.IsNullOrWhiteSpace(options.CertificateThumbprint))
        {
            throw new InvalidOperationException("Set DataProtection:CertificatePath or DataProtection:CertificateThumbprint, not both.");
        }

        if (!string.IsNullOrWhiteSpace(options.CertificateThumbprint))
        {
            return builder.ProtectKeysWithCertificate(options.CertificateThumbprint.Trim());
        }

        if (string.IsNullOrWhiteSpace(options.CertificatePath))
        {
            return builder;
        }

        var certificate = Load(options.CertificatePath, options.CertificatePassword, $"{KeyRingOptions.Section}:{nameof(KeyRingOptions.CertificatePath)}");
        var previous = options.PreviousCertificatePaths
            .Select((path, i) => Load(path, options.CertificatePassword, $"{KeyRingOptions.Section}:{nameof(KeyRingOptions.PreviousCertificatePaths)}:{i}"));
        return builder.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate([certificate, .. previous]);
    }

    private static X509Certificate2 Load(string path, string? password, string key)
    {
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new InvalidOperationException($"{key}: the certificate '{path}' cannot be read ({e.Message}). Check the path and DataProtection:CertificatePassword.", e);
        }

        return certificate.HasPrivateKey
            ? certificate
            : throw new InvalidOperationException($"{key}: the certificate '{path}' has no private key, so the key ring could not be read back.");
    }
}
