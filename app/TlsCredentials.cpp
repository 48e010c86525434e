#include "TlsCredentials.h"

#include <QFile>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslSocket>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

bool TlsCredentials::readFile(const QString& path, const QString& what, QByteArray* bytes, QString* error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read the TLS %1 %2: %3").arg(what, path, file.errorString());
        return false;
    }
    // A certificate or key is a few KiB; anything far larger is not one (and is not read whole).
    *bytes = file.read(1024 * 1024);
    return true;
}

bool TlsCredentials::load(
    const QString& certificatePath, const QString& keyPath, QSslConfiguration* configuration, QString* error)
{
    if (!QSslSocket::supportsSsl()) {
        *error = QStringLiteral("TLS is not available: Qt found no usable OpenSSL (%1)")
                     .arg(QSslSocket::sslLibraryBuildVersionString());
        return false;
    }
    QByteArray certificateBytes;
    QByteArray keyBytes;
    if (!readFile(certificatePath, QStringLiteral("certificate"), &certificateBytes, error)
        || !readFile(keyPath, QStringLiteral("key"), &keyBytes, error)) {
        return false;
    }
    QList<QSslCertificate> chain = QSslCertificate::fromData(certificateBytes, QSsl::Pem);
    if (chain.isEmpty()) {
        chain = QSslCertificate::fromData(certificateBytes, QSsl::Der);
    }
    if (chain.isEmpty() || chain.constFirst().isNull()) {
        *error = QStringLiteral("%1: no certificate in it (PEM or DER expected)").arg(certificatePath);
        return false;
    }
    QSslKey key;
    for (const QSsl::EncodingFormat format : {QSsl::Pem, QSsl::Der}) {
        for (const QSsl::KeyAlgorithm algorithm : {QSsl::Ec, QSsl::Rsa}) {
            if (key.isNull()) {
                key = QSslKey(keyBytes, algorithm, format, QSsl::PrivateKey);
            }
        }
    }
    if (key.isNull()) {
        *error = QStringLiteral("%1: no private key in it (an unencrypted RSA or EC key, PEM or DER, expected)")
                     .arg(keyPath);
        return false;
    }
    QSslConfiguration c = QSslConfiguration::defaultConfiguration();
    c.setLocalCertificateChain(chain);
    c.setPrivateKey(key);
    c.setPeerVerifyMode(QSslSocket::VerifyNone); // webhook senders don't present certificates
    c.setProtocol(QSsl::TlsV1_2OrLater);
    c.setAllowedNextProtocols({QByteArray(QSslConfiguration::NextProtocolHttp1_1)});
    QString why;
    if (!keyMatches(c, &why)) {
        *error
            = QStringLiteral("the key %1 does not go with the certificate %2 (%3)").arg(keyPath, certificatePath, why);
        return false;
    }
    *configuration = c;
    return true;
}

bool TlsCredentials::keyMatches(const QSslConfiguration& configuration, QString* why)
{
    // Qt has no call that compares a key with a certificate, but setting up a server-side socket
    // does (OpenSSL's SSL_CTX_check_private_key), and needs a connected socket: a loopback pair,
    // closed again before any byte is exchanged.
    const int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    const int client = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address = {};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof(address);
    auto* generic = reinterpret_cast<sockaddr*>(&address);
    int server = -1;
    if (listener >= 0 && client >= 0 && ::bind(listener, generic, sizeof(address)) == 0 && ::listen(listener, 1) == 0
        && ::getsockname(listener, generic, &length) == 0 && ::connect(client, generic, sizeof(address)) == 0) {
        server = ::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
    }
    bool matches = true; // if no probe is possible, a mismatch shows in the first handshake instead
    if (server >= 0) {
        QSslSocket probe;
        probe.setSslConfiguration(configuration);
        if (probe.setSocketDescriptor(server)) {
            probe.startServerEncryption();
            // Qt 6.4 says "Unable to init SSL Context" (SslInternalError) for a key of another
            // certificate; later versions say SslInvalidUserDataError: any error is a refusal.
            if (probe.error() != QAbstractSocket::UnknownSocketError) {
                *why = probe.errorString().trimmed();
                if (why->endsWith(QLatin1Char(':'))) {
                    why->chop(1);
                }
                matches = false;
            }
            probe.abort(); // closes the descriptor
        } else {
            ::close(server);
        }
    }
    for (const int fd : {client, listener}) {
        if (fd >= 0) {
            ::close(fd);
        }
    }
    return matches;
}
