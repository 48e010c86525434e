#pragma once

#include <QSslConfiguration>
#include <QString>

/**
 * The certificate and private key of the HTTPS endpoint, read from PEM (or DER) files and checked
 * before anything listens: a file that can't be read, holds no certificate or no unencrypted key,
 * or a key that doesn't belong to the certificate is a one-line error, not a handshake failure
 * for every client later.
 */
class TlsCredentials
{
public:
    /// The server-side TLS configuration for @p certificatePath (the certificate first, then its
    /// chain, if any) and @p keyPath; false with @p error (one line) when they can't serve.
    static bool load(
        const QString& certificatePath, const QString& keyPath, QSslConfiguration* configuration, QString* error);

private:
    static bool readFile(const QString& path, const QString& what, QByteArray* bytes, QString* error);
    static bool keyMatches(const QSslConfiguration& configuration, QString* why);
};
