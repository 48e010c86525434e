#include "TlsLocalCertificate.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryFile>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <sys/stat.h>

namespace {

// Extensions browsers and OpenSSL clients want of a server certificate: the names in the SAN (the
// CN is not read), not a CA, for server authentication.
const char OpenSslConfig[] = "[req]\n"
                             "distinguished_name = dn\n"
                             "x509_extensions = ext\n"
                             "prompt = no\n"
                             "[dn]\n"
                             "CN = localhost\n"
                             "O = Hookscope local certificate\n"
                             "[ext]\n"
                             "subjectAltName = DNS:localhost,IP:127.0.0.1,IP:::1\n"
                             "basicConstraints = critical,CA:FALSE\n"
                             "keyUsage = critical,digitalSignature\n"
                             "extendedKeyUsage = serverAuth\n"
                             "subjectKeyIdentifier = hash\n";

QString folderOf(const QString& historyPath)
{
    return QFileInfo(historyPath).absolutePath();
}

/// Renames @p from over @p to (replacing it in one step, unlike QFile::rename).
bool replace(const QString& from, const QString& to)
{
    return std::rename(QFile::encodeName(from).constData(), QFile::encodeName(to).constData()) == 0;
}

} // namespace

QString TlsLocalCertificate::certificatePathFor(const QString& historyPath)
{
    return QDir(folderOf(historyPath)).filePath(QStringLiteral("localhost-cert.pem"));
}

QString TlsLocalCertificate::keyPathFor(const QString& historyPath)
{
    return QDir(folderOf(historyPath)).filePath(QStringLiteral("localhost-key.pem"));
}

bool TlsLocalCertificate::generate(const QString& certificatePath, const QString& keyPath, QString* error)
{
    QTemporaryFile config;
    if (!config.open() || config.write(OpenSslConfig) != qint64(sizeof(OpenSslConfig) - 1) || !config.flush()) {
        *error = QStringLiteral("cannot write a temporary file: %1").arg(config.errorString());
        return false;
    }
    // Written beside their final names, then renamed: a failure leaves the old pair as it was.
    const QString newCertificate = certificatePath + QStringLiteral(".new");
    const QString newKey = keyPath + QStringLiteral(".new");
    QProcess openssl;
    openssl.setProgram(QStringLiteral("openssl"));
    openssl.setArguments({QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-config"), config.fileName(),
        QStringLiteral("-newkey"), QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
        QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"), QStringLiteral("-days"),
        QString::number(ValidDays), QStringLiteral("-keyout"), newKey, QStringLiteral("-out"), newCertificate});
    // The key must never exist readable by others, not even for a moment: the child creates its
    // files owner-only; the certificate is opened up afterwards.
    openssl.setChildProcessModifier([] { ::umask(077); });
    openssl.setProcessChannelMode(QProcess::MergedChannels);
    openssl.start();
    const bool finished = openssl.waitForFinished(30000);
    const QByteArray output = openssl.readAll().trimmed();
    if (openssl.error() == QProcess::FailedToStart) {
        *error = QStringLiteral("the openssl program is needed to make a certificate and was not found "
                                "(on Debian: apt install openssl)");
        return false;
    }
    if (!finished || openssl.exitStatus() != QProcess::NormalExit || openssl.exitCode() != 0) {
        QFile::remove(newKey);
        QFile::remove(newCertificate);
        const QString last = QString::fromLocal8Bit(output).split(QLatin1Char('\n')).constLast().trimmed();
        *error = QStringLiteral("openssl could not make the certificate: %1")
                     .arg(last.isEmpty() ? openssl.errorString() : last);
        return false;
    }
    QFile::setPermissions(newCertificate, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther);
    QFile::setPermissions(newKey, QFile::ReadOwner | QFile::WriteOwner);
    if (!replace(newKey, keyPath) || !replace(newCertificate, certificatePath)) {
        *error
            = QStringLiteral("cannot write %1: %2").arg(certificatePath, QString::fromLocal8Bit(std::strerror(errno)));
        QFile::remove(newKey);
        QFile::remove(newCertificate);
        return false;
    }
    return true;
}
