#pragma once

#include <QString>

/**
 * "Generate a local certificate": a self-signed certificate for localhost, 127.0.0.1 and ::1 with
 * its private key, next to the history, for the HTTPS endpoint.
 *
 * Made by the `openssl` program (Debian's openssl package, which ca-certificates pulls in on a
 * standard install): Qt can read certificates and keys but cannot create either, and the command
 * is the one people know and can check. The key is written owner-only (0600), the certificate
 * world-readable; both replace earlier ones only once both are complete.
 */
class TlsLocalCertificate
{
public:
    /// "localhost-cert.pem" and "localhost-key.pem" in the folder of the history @p historyPath.
    static QString certificatePathFor(const QString& historyPath);
    static QString keyPathFor(const QString& historyPath);
    /// Creates (or replaces) the certificate and key; false with @p error (one line) when it can't.
    static bool generate(const QString& certificatePath, const QString& keyPath, QString* error);
    /// How long a new certificate is valid: 825 days, the most macOS accepts for a server certificate.
    static constexpr int ValidDays = 825;
};
