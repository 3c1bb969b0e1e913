namespace AdminConsole.Core.Data;

/// <summary>
/// <c>DataProtection:*</c>: encrypts the data-protection key ring at rest (in the database) with a certificate's
/// public key, so a copy of the database alone cannot forge cookies or read protected tokens. Give a PKCS#12 file
/// (<see cref="CertificatePath"/>, <see cref="CertificatePassword"/>) or the thumbprint of a certificate in the
/// process's certificate store (<see cref="CertificateThumbprint"/>); with neither, the keys are stored unencrypted.
/// </summary>
public sealed class KeyRingOptions
{
    public const string Section = "DataProtection";

    /// <summary>A .pfx/.p12 file with the private key (relative to the working folder or absolute).</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The password of <see cref="CertificatePath"/>, if it has one.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>The SHA-1 thumbprint of a certificate with its private key in the CurrentUser or LocalMachine "My" store.</summary>
    public string? CertificateThumbprint { get; set; }

    /// <summary>Older .pfx files whose keys may still be needed to read keys protected before a certificate rotation (same password).</summary>
    public List<string> PreviousCertificatePaths { get; set; } = [];
}
